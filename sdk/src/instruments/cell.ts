import type { HrTime } from '@opentelemetry/api';
import type { AttributeValue } from '../catalog/define-metric.ts';

/** The instrument a cell belongs to: it retires the cell through its storage and reports bad values. */
export interface CellOwner {
  retire(cell: Cell): void;
  drop(reason: string): void;
}

/**
 * Where a cell is in its life. Only its {@link CellStorage} moves it: live (recorded into and exported),
 * retired (exported until an export succeeds, then removed), removed (recordings are dropped).
 */
export type CellState = 'live' | 'retired' | 'removed';

/**
 * The state of one attribute set of one instrument. Bound handles are cells, so recording through a
 * handle touches only this object.
 */
export abstract class Cell {
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Attribute values in declared key order: the cell's path in its storage's index. */
  readonly path: readonly (AttributeValue | undefined)[];
  readonly startTime: HrTime;
  readonly owner: CellOwner;
  /** Handles bound to this cell; a cell retires when the last one is released. */
  refs = 0;
  state: CellState = 'live';
  /** Collections a retired cell has been reported in. */
  retiredCollections = 0;

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

  /** Whether recordings are dropped: the cell was removed, or never valid. */
  get detached(): boolean {
    return this.state === 'removed';
  }

  /** Releases this handle; when no handle is left, the cell's final value is exported and then it is freed. */
  release(): void {
    if (this.refs > 0 && --this.refs === 0) this.owner.retire(this);
  }
}
