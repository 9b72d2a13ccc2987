import type { HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type Histogram as HistogramValue,
  type MetricData,
  type MetricDescriptor,
} from '@opentelemetry/sdk-metrics';
import type { Attributes } from '../catalog/define-metric.ts';
import { Cell } from './cell.ts';
import { Instrument, nowHrTime } from './instrument.ts';

/** A histogram bound to one attribute set: `record` touches only local state. */
export interface BoundHistogram {
  record(value: number): void;
  release(): void;
}

class HistogramCell extends Cell implements BoundHistogram {
  boundaries: readonly number[] = [];
  counts: number[] = [];
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  record(value: number): void {
    if (!(value >= 0 && value !== Infinity) || this.detached) {
      this.owner.drop(
        this.detached ? 'handle was released' : `histogram value ${value} is not a finite number ≥ 0`,
      );
      return;
    }
    // Buckets are upper-inclusive, as in OpenTelemetry: bucket i holds (boundaries[i-1], boundaries[i]].
    const boundaries = this.boundaries;
    let i = 0;
    while (i < boundaries.length && value > (boundaries[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
}

/**
 * A distribution (durations, sizes) with explicit bucket boundaries from the metric's definition.
 * Prometheus sees `<name>_bucket{le}`, `<name>_sum` and `<name>_count`.
 */
export class Histogram<K extends string = string> extends Instrument<K, HistogramCell> {
  record(value: number, attributes?: Attributes<K>): void {
    try {
      if (!(value >= 0 && value !== Infinity)) {
        this.drop(`histogram value ${value} is not a finite number ≥ 0`);
        return;
      }
      this.cellFor(attributes)?.record(value);
    } catch (error) {
      this.drop(String(error));
    }
  }

  bind(attributes?: Attributes<K>): BoundHistogram {
    return this.bindCell(attributes);
  }

  protected createCell(attributes: HistogramCell['attributes'], path: HistogramCell['path']): HistogramCell {
    const cell = new HistogramCell(this, attributes, path, nowHrTime());
    cell.boundaries = this.definition.boundaries ?? [];
    cell.counts = new Array<number>(cell.boundaries.length + 1).fill(0);
    return cell;
  }

  protected dataPoint(cell: HistogramCell, endTime: HrTime): DataPoint<HistogramValue> {
    const value: HistogramValue = {
      buckets: { boundaries: [...cell.boundaries], counts: [...cell.counts] },
      sum: cell.sum,
      count: cell.count,
      ...(cell.count > 0 ? { min: cell.min, max: cell.max } : {}),
    };
    return { startTime: cell.startTime, endTime, attributes: cell.attributes, value };
  }

  protected metricData(descriptor: MetricDescriptor, dataPoints: DataPoint<HistogramValue>[]): MetricData {
    return {
      descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints,
    };
  }
}
