import { memoryMeterline, pointsOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { defineMetric } from '../catalog/define-metric.ts';
import type { Meterline } from '../meterline.ts';

const latency = defineMetric({
  name: 'test.latency',
  kind: 'histogram',
  unit: 's',
  description: 'Latency.',
  attributes: ['route'],
  boundaries: [0.1, 1, 10],
});

describe('Histogram', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('counts values into upper-inclusive buckets with sum, count, min and max', async () => {
    ml = memoryMeterline();
    const histogram = ml.instrument(latency);
    const bound = histogram.bind({ route: '/a' });
    for (const value of [0, 0.1, 0.5, 1, 9.99, 10, 11, 1000]) bound.record(value);
    histogram.record(0.05, { route: '/a' });
    const [point] = pointsOf(await ml.collect(), 'test.latency');
    expect(point?.value).toEqual({
      buckets: { boundaries: [0.1, 1, 10], counts: [3, 2, 2, 2] },
      sum: 0 + 0.1 + 0.5 + 1 + 9.99 + 10 + 11 + 1000 + 0.05,
      count: 9,
      min: 0,
      max: 1000,
    });
  });

  it('drops negative and non-finite values', async () => {
    ml = memoryMeterline();
    const histogram = ml.instrument(latency);
    histogram.record(-1, { route: '/a' });
    histogram.bind({ route: '/a' }).record(Number.NaN);
    expect(ml.droppedRecordings).toBe(2);
    const [point] = pointsOf(await ml.collect(), 'test.latency');
    expect(point?.value).toMatchObject({ count: 0, sum: 0 });
  });
});
