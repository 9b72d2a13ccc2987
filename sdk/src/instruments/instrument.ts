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
import type { CellGroups } from './cell-groups.ts';
import { CellStorage } from './cell-storage.ts';

/** What an instrument needs from the registry that owns it. */
export interface InstrumentHost {
  readonly diagnostics: Diagnostics;
  /** Groups cells by one attribute across instruments (ending a session retires its cells). */
  readonly groups: CellGroups;
}

function isAttributeValue(value: unknown): value is AttributeValue {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * What every instrument kind shares: attribute validation, dropping with a diagnostic, and collection.
 * Its cells and their lifecycle belong to its {@link CellStorage}.
 */
export abstract class Instrument<K extends string, C extends Cell> implements CellOwner {
  readonly definition: MetricDefinition<K>;
  protected readonly host: InstrumentHost;
  private readonly keys: readonly K[];
  private readonly keySet: ReadonlySet<string>;
  private readonly storage: CellStorage<C>;
  private readonly descriptor: MetricDescriptor;

  constructor(definition: MetricDefinition<K>, host: InstrumentHost) {
    this.definition = definition;
    this.host = host;
    this.keys = definition.attributes;
    this.keySet = new Set(definition.attributes);
    this.storage = new CellStorage(
      definition.attributes,
      (attributes, path) => this.createCell(attributes, path),
      host.groups,
    );
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
    return this.storage.get(values as Record<string, AttributeValue | undefined>);
  }

  /** A handle for an attribute set; invalid attributes give a handle that drops what it is given. */
  protected bindCell(attributes: Attributes<K> | undefined): C {
    const cell = this.cellFor(attributes) ?? this.storage.detached();
    cell.refs++;
    return cell;
  }

  retire(cell: C): void {
    this.storage.retire(cell);
  }

  /** Data points for every cell; retired cells as long as their storage keeps them. */
  collect(endTime: HrTime, maxRetiredCollections: number): MetricData | undefined {
    const points: DataPoint<unknown>[] = [];
    this.storage.collect(maxRetiredCollections, (cell) => {
      const point = this.dataPoint(cell, endTime);
      if (point !== undefined) points.push(point);
    });
    return points.length === 0 ? undefined : this.metricData(this.descriptor, points);
  }

  /** Called after a successful export: retired cells that were in it are freed. */
  commitRetired(): void {
    this.storage.commitRetired();
  }

  private dropAttributes(reason: string): undefined {
    this.drop(reason);
    return undefined;
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
