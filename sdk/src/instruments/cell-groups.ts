import type { AttributeValue } from '../catalog/define-metric.ts';
import type { Cell } from './cell.ts';

/**
 * Cells of every instrument grouped by the value of one attribute (the registry groups by `session.id`),
 * so retiring a group finds its cells without scanning every instrument. Storages tell it of each cell
 * they create and remove that carries the attribute.
 */
export class CellGroups {
  readonly key: string;
  private readonly groups = new Map<AttributeValue, Set<Cell>>();

  constructor(key: string) {
    this.key = key;
  }

  /** Number of groups with at least one cell. */
  get size(): number {
    return this.groups.size;
  }

  add(value: AttributeValue, cell: Cell): void {
    let cells = this.groups.get(value);
    if (cells === undefined) {
      cells = new Set();
      this.groups.set(value, cells);
    }
    cells.add(cell);
  }

  delete(value: AttributeValue, cell: Cell): void {
    const cells = this.groups.get(value);
    if (cells === undefined) return;
    cells.delete(cell);
    if (cells.size === 0) this.groups.delete(value);
  }

  /** Retires every cell of the group: each is exported once more, then removed by its storage. */
  retire(value: AttributeValue): void {
    for (const cell of this.groups.get(value) ?? []) cell.owner.retire(cell);
  }
}
