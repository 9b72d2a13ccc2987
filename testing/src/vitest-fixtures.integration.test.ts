import { describe, expect } from 'vitest';
import { test } from './vitest-fixtures.ts';

let loaded = 0;
test.beforeAll(async ({ vm }) => {
  await vm.importLines([{ metric: { __name__: 'fixture_probe' }, values: [1], timestamps: [Date.now()] }]);
  loaded++;
});

describe('the shared server fixtures', () => {
  test('start one VictoriaMetrics per file, shared by beforeAll and every test', async ({ vm }) => {
    expect(loaded).toBe(1);
    expect((await vm.export('fixture_probe')).map((s) => s.values)).toEqual([[1]]);
  });
  test('give the same server to a second test', async ({ vm }) => {
    expect(vm.running).toBe(true);
    expect((await vm.export('fixture_probe')).length).toBe(1);
  });
});
