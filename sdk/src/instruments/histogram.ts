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
  // Typed arrays keep the bucket search and increment free of element-kind transitions.
  boundaries = new Float64Array(0);
  counts = new Float64Array(1);
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
    // Binary search for the first boundary ≥ value (measured faster than a linear scan over varied values).
    const boundaries = this.boundaries;
    let low = 0;
    let high = boundaries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (value > (boundaries[middle] as number)) low = middle + 1;
      else high = middle;
    }
    this.counts[low] = (this.counts[low] as number) + 1;
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
  private readonly boundaries = Float64Array.from(this.definition.boundaries ?? []);

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
    cell.boundaries = this.boundaries;
    cell.counts = new Float64Array(this.boundaries.length + 1);
    return cell;
  }

  protected dataPoint(cell: HistogramCell, endTime: HrTime): DataPoint<HistogramValue> {
    const value: HistogramValue = {
      buckets: { boundaries: Array.from(cell.boundaries), counts: Array.from(cell.counts) },
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
