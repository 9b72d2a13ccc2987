import type { AttributeValue } from '../catalog/define-metric.ts';
import type { Cell } from './cell.ts';
import type { CellGroups } from './cell-groups.ts';

type Node = Map<AttributeValue | undefined, unknown>;

/**
 * An instrument's cells and their lifecycle, the one place a cell's state changes. Cells are indexed by
 * attribute values in declared key order (a trie of maps, so a lookup neither sorts nor serialises the
 * attributes); a removed cell's maps are deleted with it, so memory returns to its baseline.
 */
export class CellStorage<C extends Cell> {
  /** Every cell not yet removed, in creation order. */
  private readonly cells = new Set<C>();
  private readonly root: Node = new Map();
  private readonly keys: readonly string[];
  private readonly create: (attributes: Record<string, AttributeValue>, path: AttributeValue[]) => C;
  private readonly groups: CellGroups | undefined;
  private readonly groupKeyIndex: number;
  private retiredPending = 0;

  /** `create` makes a cell; `groups` is told of each cell carrying its attribute. */
  constructor(
    keys: readonly string[],
    create: (attributes: Record<string, AttributeValue>, path: AttributeValue[]) => C,
    groups?: CellGroups,
  ) {
    this.keys = keys;
    this.create = create;
    this.groups = groups;
    this.groupKeyIndex = groups === undefined ? -1 : keys.indexOf(groups.key);
  }

  /** The cell for validated attribute values, created on first use and revived if retired. */
  get(values: Readonly<Record<string, AttributeValue | undefined>>): C {
    const keys = this.keys;
    let node = this.root;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      const value = values[keys[i] as string];
      let next = node.get(value) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const leafValue = last >= 0 ? values[keys[last] as string] : undefined;
    let cell = node.get(leafValue) as C | undefined;
    if (cell === undefined) {
      cell = this.add(values);
      node.set(leafValue, cell);
    } else if (cell.state === 'retired') {
      cell.state = 'live';
      this.retiredPending--;
    }
    return cell;
  }

  /** A cell outside the storage, already removed: a handle for invalid attributes drops what it is given. */
  detached(): C {
    const cell = this.create({}, []);
    cell.state = 'removed';
    return cell;
  }

  /** Marks a cell for removal after its final value has been exported. */
  retire(cell: C): void {
    if (cell.state !== 'live') return;
    cell.state = 'retired';
    cell.retiredCollections = 0;
    this.retiredPending++;
  }

  /**
   * Visits every cell for a collection. A retired cell is visited until an export succeeds, but at most
   * `maxRetiredCollections` times, so a back end that stays down cannot make retired cells pile up.
   */
  collect(maxRetiredCollections: number, visit: (cell: C) => void): void {
    for (const cell of this.cells) {
      if (cell.state === 'retired') {
        if (cell.retiredCollections >= maxRetiredCollections) {
          this.remove(cell);
          continue;
        }
        cell.retiredCollections++;
      }
      visit(cell);
    }
  }

  /** After a successful export: removes the retired cells it carried. */
  commitRetired(): void {
    if (this.retiredPending === 0) return;
    for (const cell of this.cells) {
      if (cell.state === 'retired' && cell.retiredCollections > 0) this.remove(cell);
    }
  }

  private add(values: Readonly<Record<string, AttributeValue | undefined>>): C {
    const attributes: Record<string, AttributeValue> = {};
    const path: AttributeValue[] = [];
    for (const key of this.keys) {
      const value = values[key];
      path.push(value as AttributeValue);
      if (value !== undefined) attributes[key] = value;
    }
    const cell = this.create(Object.freeze(attributes), path);
    this.cells.add(cell);
    const grouped = this.groupKeyIndex >= 0 ? path[this.groupKeyIndex] : undefined;
    if (grouped !== undefined) this.groups?.add(grouped, cell);
    return cell;
  }

  private remove(cell: C): void {
    if (cell.state === 'retired') this.retiredPending--;
    cell.state = 'removed';
    this.cells.delete(cell);
    const grouped = this.groupKeyIndex >= 0 ? cell.path[this.groupKeyIndex] : undefined;
    if (grouped !== undefined) this.groups?.delete(grouped, cell);
    // Delete the leaf, then every map the deletion left empty.
    const nodes: Node[] = [this.root];
    for (let i = 0; i < cell.path.length - 1; i++) {
      const next = (nodes[i] as Node).get(cell.path[i]) as Node | undefined;
      if (next === undefined) return;
      nodes.push(next);
    }
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] as Node;
      node.delete(cell.path[i]);
      if (node.size > 0 || i === 0) break;
    }
  }
}
