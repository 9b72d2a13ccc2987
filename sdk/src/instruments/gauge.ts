import type { HrTime } from '@opentelemetry/api';
import type { DataPoint, MetricData, MetricDescriptor } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '../catalog/define-metric.ts';
import { Cell } from './cell.ts';
import { Instrument, nowHrTime, numberData, numberPoint } from './instrument.ts';

/** A gauge bound to one attribute set: `set` touches only local state. */
export interface BoundGauge {
  set(value: number): void;
  release(): void;
}

class GaugeCell extends Cell implements BoundGauge {
  value = Number.NaN;

  set(value: number): void {
    if (Number.isFinite(value) && !this.detached) this.value = value;
    else this.owner.drop(this.detached ? 'handle was released' : `gauge value ${value} is not finite`);
  }
}

/** The last value set (a buffer size, a temperature). Reported only once a value has been set. */
export class Gauge<K extends string = string> extends Instrument<K, GaugeCell> {
  set(value: number, attributes?: Attributes<K>): void {
    try {
      if (!Number.isFinite(value)) {
        this.drop(`gauge value ${value} is not finite`);
        return;
      }
      const cell = this.cellFor(attributes);
      if (cell !== undefined) cell.value = value;
    } catch (error) {
      this.drop(String(error));
    }
  }

  bind(attributes?: Attributes<K>): BoundGauge {
    return this.bindCell(attributes);
  }

  protected createCell(attributes: GaugeCell['attributes'], path: GaugeCell['path']): GaugeCell {
    return new GaugeCell(this, attributes, path, nowHrTime());
  }

  protected dataPoint(cell: GaugeCell, endTime: HrTime): DataPoint<number> | undefined {
    return Number.isNaN(cell.value) ? undefined : numberPoint(cell, endTime);
  }

  protected metricData(descriptor: MetricDescriptor, dataPoints: DataPoint<number>[]): MetricData {
    return numberData(descriptor, dataPoints, 'gauge');
  }
}
