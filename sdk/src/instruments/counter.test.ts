import { memoryMeterline, pointsOf, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { defineMetric } from '../catalog/define-metric.ts';
import type { Meterline } from '../meterline.ts';

const jobs = defineMetric({
  name: 'test.jobs',
  kind: 'counter',
  unit: '{job}',
  description: 'Jobs.',
  attributes: ['queue', 'priority', 'region', 'tenant'],
});

describe('Counter', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('sums values per attribute set, whatever the key order', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(jobs);
    counter.add(1, { queue: 'a', priority: 1 });
    counter.add(2, { priority: 1, queue: 'a' });
    counter.add(5, { queue: 'b' });
    counter.add(0.5);
    expect(valuesOf(await ml.collect(), 'test.jobs')).toEqual({
      '{"queue":"a","priority":1}': 3,
      '{"queue":"b"}': 5,
      '{}': 0.5,
    });
  });

  it('reports bound and unbound recordings of one attribute set as one series', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(jobs);
    const attributes = { queue: 'q', priority: 2, region: 'eu', tenant: 't' };
    const bound = counter.bind(attributes);
    for (let i = 0; i < 10; i++) bound.add(1);
    counter.add(5, attributes);
    const points = pointsOf(await ml.collect(), 'test.jobs');
    expect(points).toHaveLength(1);
    expect(points[0]?.value).toBe(15);
    expect(points[0]?.attributes).toEqual(attributes);
  });

  it('is cumulative across collections with a fixed start time', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(jobs);
    counter.add(1, { queue: 'a' });
    const first = pointsOf(await ml.collect(), 'test.jobs')[0];
    counter.add(2, { queue: 'a' });
    const second = pointsOf(await ml.collect(), 'test.jobs')[0];
    expect([first?.value, second?.value]).toEqual([1, 3]);
    expect(second?.startTime).toEqual(first?.startTime);
  });

  const badValues: [what: string, value: number][] = [
    ['NaN', Number.NaN],
    ['negative', -1],
    ['infinite', Infinity],
  ];
  it.each(badValues)('drops a %s value without throwing', async (_what, value) => {
    ml = memoryMeterline();
    const counter = ml.instrument(jobs);
    counter.add(1, { queue: 'a' });
    expect(() => counter.add(value, { queue: 'a' })).not.toThrow();
    expect(() => counter.bind({ queue: 'a' }).add(value)).not.toThrow();
    expect(ml.droppedRecordings).toBe(2);
    expect(valuesOf(await ml.collect(), 'test.jobs')).toEqual({ '{"queue":"a"}': 1 });
  });

  it('drops attributes it was not declared with, as untyped JavaScript might pass them', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(jobs);
    const untyped = counter as unknown as { add(value: number, attributes: object): void };
    untyped.add(1, { queue: 'a', colour: 'red' });
    untyped.add(1, { queue: { nested: true } });
    counter.add(1, { queue: 'a', region: undefined });
    expect(ml.droppedRecordings).toBe(2);
    expect(valuesOf(await ml.collect(), 'test.jobs')).toEqual({ '{"queue":"a"}': 1 });
  });

  it('rejects undeclared attribute keys at compile time', () => {
    ml = memoryMeterline();
    // @ts-expect-error 'colour' is not declared for test.jobs
    ml.instrument(jobs).add(1, { colour: 'red' });
    expect(ml.droppedRecordings).toBe(1);
  });
});
