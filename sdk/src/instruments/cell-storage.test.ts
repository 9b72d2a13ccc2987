import { describe, expect, it } from 'vitest';
import { Cell, type CellOwner } from './cell.ts';
import { CellGroups } from './cell-groups.ts';
import { CellStorage } from './cell-storage.ts';

class TestCell extends Cell {}

function storage() {
  const groups = new CellGroups('session.id');
  const store: CellStorage<TestCell> = new CellStorage(
    ['session.id', 'model'],
    (attributes, path) => new TestCell(owner, attributes, path, [0, 0]),
    groups,
  );
  const owner: CellOwner = { retire: (cell) => store.retire(cell as TestCell), drop: () => {} };
  const visited = (max = 5) => {
    const seen: string[] = [];
    store.collect(max, (cell) => seen.push(JSON.stringify(cell.attributes)));
    return seen;
  };
  return { store, groups, visited };
}

describe('CellStorage', () => {
  it('gives one cell per attribute set, whatever the key order', () => {
    const { store } = storage();
    const a = store.get({ 'session.id': 's1', model: 'm' });
    expect(store.get({ model: 'm', 'session.id': 's1' })).toBe(a);
    expect(store.get({ 'session.id': 's1' })).not.toBe(a);
    expect(a.attributes).toEqual({ 'session.id': 's1', model: 'm' });
  });

  it('moves a cell live → retired → removed, reporting it until an export succeeds', () => {
    const { store, groups, visited } = storage();
    const cell = store.get({ 'session.id': 's1' });
    store.retire(cell);
    expect([cell.state, groups.size]).toEqual(['retired', 1]);
    store.commitRetired(); // no collection carried it yet
    expect(visited()).toEqual(['{"session.id":"s1"}']);
    store.commitRetired();
    expect([cell.state, cell.detached, groups.size, visited()]).toEqual(['removed', true, 0, []]);
    expect(store.get({ 'session.id': 's1' })).not.toBe(cell);
  });

  it('revives a retired cell recorded into again, keeping its value', () => {
    const { store, visited } = storage();
    const cell = store.get({ 'session.id': 's1' });
    store.retire(cell);
    expect(store.get({ 'session.id': 's1' })).toBe(cell);
    visited();
    store.commitRetired();
    expect(cell.state).toBe('live');
  });

  it('removes a retired cell after at most maxRetiredCollections when no export succeeds', () => {
    const { store, visited } = storage();
    store.retire(store.get({ 'session.id': 's1' }));
    expect([visited(2), visited(2), visited(2)].map((seen) => seen.length)).toEqual([1, 1, 0]);
  });

  it('retires every cell of a group across storages', () => {
    const { store, groups } = storage();
    const cells = [store.get({ 'session.id': 's1', model: 'a' }), store.get({ 'session.id': 's1' })];
    const other = store.get({ 'session.id': 's2' });
    groups.retire('s1');
    expect([...cells, other].map((cell) => cell.state)).toEqual(['retired', 'retired', 'live']);
  });

  it('hands out detached cells outside the index', () => {
    const { store, visited } = storage();
    expect(store.detached().detached).toBe(true);
    expect(visited()).toEqual([]);
  });
});
