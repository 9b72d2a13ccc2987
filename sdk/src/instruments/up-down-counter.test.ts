import { memoryMeterline, valuesOf } from '@meterline/testing';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { defineMetric } from '../catalog/define-metric.ts';
import type { Meterline } from '../meterline.ts';

const open = defineMetric({
  name: 'test.open',
  kind: 'updowncounter',
  unit: '{connection}',
  description: 'Open connections.',
  attributes: ['route'],
});

describe('UpDownCounter', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('adds positive and negative values and reports a non-monotonic sum', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(open);
    const bound = counter.bind({ route: '/ws' });
    bound.add(3);
    bound.add(-1);
    counter.add(-1, { route: '/ws' });
    counter.add(Number.NaN, { route: '/ws' });
    const collected = await ml.collect();
    expect(valuesOf(collected, 'test.open')).toEqual({ '{"route":"/ws"}': 1 });
    const metric = collected.scopeMetrics[0]?.metrics[0];
    expect(metric).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: false });
    expect(ml.droppedRecordings).toBe(1);
  });
});
