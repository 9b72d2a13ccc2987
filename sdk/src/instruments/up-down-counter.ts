import type { HrTime } from '@opentelemetry/api';
import type { DataPoint, MetricData, MetricDescriptor } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '../catalog/define-metric.ts';
import { Cell } from './cell.ts';
import { Instrument, nowHrTime, numberData, numberPoint } from './instrument.ts';

/** An up-down counter bound to one attribute set: `add` touches only local state. */
export interface BoundUpDownCounter {
  add(value: number): void;
  release(): void;
}

class UpDownCounterCell extends Cell implements BoundUpDownCounter {
  value = 0;

  add(value: number): void {
    if (Number.isFinite(value) && !this.detached) this.value += value;
    else
      this.owner.drop(this.detached ? 'handle was released' : `up-down counter value ${value} is not finite`);
  }
}

/** A sum that goes up and down (open connections, active tasks). Prometheus sees it without `_total`. */
export class UpDownCounter<K extends string = string> extends Instrument<K, UpDownCounterCell> {
  add(value: number, attributes?: Attributes<K>): void {
    try {
      if (!Number.isFinite(value)) {
        this.drop(`up-down counter value ${value} is not finite`);
        return;
      }
      const cell = this.cellFor(attributes);
      if (cell !== undefined) cell.value += value;
    } catch (error) {
      this.drop(String(error));
    }
  }

  bind(attributes?: Attributes<K>): BoundUpDownCounter {
    return this.bindCell(attributes);
  }

  protected createCell(
    attributes: UpDownCounterCell['attributes'],
    path: UpDownCounterCell['path'],
  ): UpDownCounterCell {
    return new UpDownCounterCell(this, attributes, path, nowHrTime());
  }

  protected dataPoint(cell: UpDownCounterCell, endTime: HrTime): DataPoint<number> {
    return numberPoint(cell, endTime);
  }

  protected metricData(descriptor: MetricDescriptor, dataPoints: DataPoint<number>[]): MetricData {
    return numberData(descriptor, dataPoints, 'non-monotonic');
  }
}
