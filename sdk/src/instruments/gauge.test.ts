import { memoryMeterline, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { defineMetric } from '../catalog/define-metric.ts';
import type { Meterline } from '../meterline.ts';

const depth = defineMetric({
  name: 'test.depth',
  kind: 'gauge',
  unit: '{item}',
  description: 'Depth.',
  attributes: ['queue'],
});

describe('Gauge', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('reports the last value set, and nothing for a bound gauge never set', async () => {
    ml = memoryMeterline();
    const gauge = ml.instrument(depth);
    gauge.set(3, { queue: 'a' });
    gauge.set(-2, { queue: 'a' });
    gauge.bind({ queue: 'unset' });
    gauge.bind({ queue: 'b' }).set(7);
    gauge.set(Infinity, { queue: 'b' });
    expect(ml.droppedRecordings).toBe(1);
    expect(valuesOf(await ml.collect(), 'test.depth')).toEqual({ '{"queue":"a"}': -2, '{"queue":"b"}': 7 });
  });
});
