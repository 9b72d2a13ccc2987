import { type HrTime, ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type MetricData,
  type MetricDescriptor,
} from '@opentelemetry/sdk-metrics';
import type { Attributes, AttributeValue, MetricDefinition } from '../catalog/define-metric.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { Cell, CellOwner } from './cell.ts';

/** What an instrument needs from the registry that owns it. */
export interface InstrumentHost {
  readonly diagnostics: Diagnostics;
  /** Indexes a cell by its `session.id`, so that ending a session finds its cells without a scan. */
  trackSession(sessionId: string, cell: Cell): void;
  untrackSession(sessionId: string, cell: Cell): void;
}

type Node = Map<AttributeValue | undefined, unknown>;

function isAttributeValue(value: unknown): value is AttributeValue {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * State shared by every instrument kind: cells indexed by attribute values in declared key order (a trie
 * of maps, so a lookup neither sorts nor serialises the attributes), collection, and retirement.
 */
export abstract class Instrument<K extends string, C extends Cell> implements CellOwner {
  readonly definition: MetricDefinition<K>;
  /** Every live cell, in creation order. */
  readonly cells = new Set<C>();
  protected readonly host: InstrumentHost;
  private readonly keys: readonly K[];
  private readonly keySet: ReadonlySet<string>;
  private readonly sessionKeyIndex: number;
  private readonly root: Node = new Map();
  private readonly descriptor: MetricDescriptor;
  private retiredPending = 0;

  constructor(definition: MetricDefinition<K>, host: InstrumentHost) {
    this.definition = definition;
    this.host = host;
    this.keys = definition.attributes;
    this.keySet = new Set(definition.attributes);
    this.sessionKeyIndex = definition.attributes.indexOf('session.id' as K);
    this.descriptor = {
      name: definition.name,
      description: definition.description,
      unit: definition.unit,
      valueType: ValueType.DOUBLE,
    };
  }

  protected abstract createCell(
    attributes: Readonly<Record<string, AttributeValue>>,
    path: readonly (AttributeValue | undefined)[],
  ): C;
  protected abstract dataPoint(cell: C, endTime: HrTime): DataPoint<unknown> | undefined;
  protected abstract metricData(descriptor: MetricDescriptor, points: DataPoint<unknown>[]): MetricData;

  /** Records a dropped value or attribute set with a rate-limited diagnostic. */
  drop(reason: string): void {
    this.host.diagnostics.drop(
      `${this.definition.name}:${reason}`,
      `${this.definition.name}: dropped a recording: ${reason}`,
    );
  }

  /** The cell for an attribute set, created on first use; undefined (and a diagnostic) when invalid. */
  protected cellFor(attributes: Attributes<K> | undefined): C | undefined {
    const keys = this.keys;
    const values = (attributes ?? {}) as Record<string, unknown>;
    let declared = 0;
    for (let i = 0; i < keys.length; i++) {
      const value = values[keys[i] as string];
      if (value === undefined) continue;
      if (!isAttributeValue(value))
        return this.dropAttributes(`attribute "${keys[i]}" is not a string, number or boolean`);
      declared++;
    }
    let given = 0;
    for (const _ in values) given++;
    if (given !== declared) {
      for (const key in values) {
        if (!this.keySet.has(key)) return this.dropAttributes(`attribute "${key}" is not declared`);
      }
    }
    let node = this.root;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      const value = values[keys[i] as string] as AttributeValue | undefined;
      let next = node.get(value) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const leafValue = last >= 0 ? (values[keys[last] as string] as AttributeValue | undefined) : undefined;
    let cell = node.get(leafValue) as C | undefined;
    if (cell === undefined) {
      cell = this.newCell(values);
      node.set(leafValue, cell);
    } else if (cell.retired) {
      this.revive(cell);
    }
    return cell;
  }

  /** A handle for an attribute set; invalid attributes give a handle that drops what it is given. */
  protected bindCell(attributes: Attributes<K> | undefined): C {
    const cell = this.cellFor(attributes) ?? this.createDetached();
    if (cell.retired) this.revive(cell);
    cell.refs++;
    return cell;
  }

  /** Marks a cell for removal after its final value has been exported. */
  retire(cell: Cell): void {
    if (cell.retired || cell.detached) return;
    cell.retired = true;
    cell.retiredCollections = 0;
    this.retiredPending++;
  }

  /**
   * Data points for every cell. Retired cells are reported again until an export succeeds, but at most
   * `maxRetiredCollections` times, so a back end that stays down cannot make them pile up.
   */
  collect(endTime: HrTime, maxRetiredCollections: number): MetricData | undefined {
    const points: DataPoint<unknown>[] = [];
    for (const cell of this.cells) {
      if (cell.retired) {
        if (cell.retiredCollections >= maxRetiredCollections) {
          this.remove(cell);
          continue;
        }
        cell.retiredCollections++;
      }
      const point = this.dataPoint(cell, endTime);
      if (point !== undefined) points.push(point);
    }
    return points.length === 0 ? undefined : this.metricData(this.descriptor, points);
  }

  /** Called after a successful export: retired cells that were in it are freed. */
  commitRetired(): void {
    if (this.retiredPending === 0) return;
    for (const cell of this.cells) {
      if (cell.retired && cell.retiredCollections > 0) this.remove(cell);
    }
  }

  private newCell(values: Record<string, unknown>): C {
    const attributes: Record<string, AttributeValue> = {};
    const path: (AttributeValue | undefined)[] = [];
    for (const key of this.keys) {
      const value = values[key] as AttributeValue | undefined;
      path.push(value);
      if (value !== undefined) attributes[key] = value;
    }
    const cell = this.createCell(Object.freeze(attributes), path);
    this.cells.add(cell);
    const sessionId = this.sessionKeyIndex >= 0 ? path[this.sessionKeyIndex] : undefined;
    if (typeof sessionId === 'string') this.host.trackSession(sessionId, cell);
    return cell;
  }

  private createDetached(): C {
    const cell = this.createCell({}, []);
    cell.detached = true;
    return cell;
  }

  private revive(cell: C): void {
    cell.retired = false;
    cell.retiredCollections = 0;
    this.retiredPending--;
  }

  private dropAttributes(reason: string): undefined {
    this.drop(reason);
    return undefined;
  }

  private remove(cell: C): void {
    if (cell.retired) this.retiredPending--;
    cell.retired = false;
    cell.detached = true;
    this.cells.delete(cell);
    const sessionId = this.sessionKeyIndex >= 0 ? cell.path[this.sessionKeyIndex] : undefined;
    if (typeof sessionId === 'string') this.host.untrackSession(sessionId, cell);
    // Delete the leaf, then every map the deletion left empty, so memory returns to its baseline.
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

/** The data point of a cell that holds one number (sums and gauges). */
export function numberPoint(cell: Cell & { value: number }, endTime: HrTime): DataPoint<number> {
  return { startTime: cell.startTime, endTime, attributes: cell.attributes, value: cell.value };
}

/** Cumulative metric data of number points: a monotonic sum, a non-monotonic sum, or a gauge. */
export function numberData(
  descriptor: MetricDescriptor,
  dataPoints: DataPoint<number>[],
  shape: 'monotonic' | 'non-monotonic' | 'gauge',
): MetricData {
  const aggregationTemporality = AggregationTemporality.CUMULATIVE;
  return shape === 'gauge'
    ? { descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints }
    : {
        descriptor,
        aggregationTemporality,
        dataPointType: DataPointType.SUM,
        isMonotonic: shape === 'monotonic',
        dataPoints,
      };
}

/** Current time as OpenTelemetry's HrTime. */
export function nowHrTime(): HrTime {
  return millisToHrTime(Date.now());
}
