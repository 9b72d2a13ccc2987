import type { HrTime } from '@opentelemetry/api';
import type { AttributeValue } from '../catalog/define-metric.ts';

/** The instrument a cell belongs to. */
export interface CellOwner {
  retire(cell: Cell): void;
  drop(reason: string): void;
}

/**
 * The state of one attribute set of one instrument. Bound handles are cells, so recording through a
 * handle touches only this object.
 */
export abstract class Cell {
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Attribute values in declared key order: the cell's path in its instrument's index. */
  readonly path: readonly (AttributeValue | undefined)[];
  readonly startTime: HrTime;
  readonly owner: CellOwner;
  /** Handles bound to this cell; a cell retires when the last one is released. */
  refs = 0;
  /** Retired cells are reported until one export succeeds (or a few collections pass), then removed. */
  retired = false;
  retiredCollections = 0;
  /** Set once removed from its instrument; further recordings are dropped. */
  detached = false;

  constructor(
    owner: CellOwner,
    attributes: Readonly<Record<string, AttributeValue>>,
    path: readonly (AttributeValue | undefined)[],
    startTime: HrTime,
  ) {
    this.owner = owner;
    this.attributes = attributes;
    this.path = path;
    this.startTime = startTime;
  }

  /** Releases this handle; when no handle is left, the cell's final value is exported and then it is freed. */
  release(): void {
    if (this.refs > 0 && --this.refs === 0) this.owner.retire(this);
  }
}
