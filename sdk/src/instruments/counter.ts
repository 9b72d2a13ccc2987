import type { HrTime } from '@opentelemetry/api';
import type { DataPoint, MetricData, MetricDescriptor } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '../catalog/define-metric.ts';
import { Cell } from './cell.ts';
import { Instrument, nowHrTime, numberData, numberPoint } from './instrument.ts';

/** A counter bound to one attribute set: `add` touches only local state. */
export interface BoundCounter {
  add(value: number): void;
  /** Ends this handle; once no handle holds the attribute set, its final value is exported and freed. */
  release(): void;
}

class CounterCell extends Cell implements BoundCounter {
  value = 0;

  add(value: number): void {
    if (value >= 0 && value !== Infinity && !this.detached) this.value += value;
    else
      this.owner.drop(
        this.detached ? 'handle was released' : `counter value ${value} is not a finite number ≥ 0`,
      );
  }
}

/** A monotonic sum (requests served, bytes sent). Exported cumulative; Prometheus sees `<name>_total`. */
export class Counter<K extends string = string> extends Instrument<K, CounterCell> {
  add(value: number, attributes?: Attributes<K>): void {
    try {
      if (!(value >= 0 && value !== Infinity)) {
        this.drop(`counter value ${value} is not a finite number ≥ 0`);
        return;
      }
      const cell = this.cellFor(attributes);
      if (cell !== undefined) cell.value += value;
    } catch (error) {
      this.drop(String(error));
    }
  }

  bind(attributes?: Attributes<K>): BoundCounter {
    return this.bindCell(attributes);
  }

  protected createCell(attributes: CounterCell['attributes'], path: CounterCell['path']): CounterCell {
    return new CounterCell(this, attributes, path, nowHrTime());
  }

  protected dataPoint(cell: CounterCell, endTime: HrTime): DataPoint<number> {
    return numberPoint(cell, endTime);
  }

  protected metricData(descriptor: MetricDescriptor, dataPoints: DataPoint<number>[]): MetricData {
    return numberData(descriptor, dataPoints, 'monotonic');
  }
}
