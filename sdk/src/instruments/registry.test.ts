import { memoryMeterline, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { defineMetric } from '../catalog/define-metric.ts';
import type { Meterline } from '../meterline.ts';

const cost = defineMetric({
  name: 'test.cost',
  kind: 'counter',
  unit: 'USD',
  description: 'Cost.',
  attributes: ['session.id', 'model'],
});

describe('InstrumentRegistry', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('returns the same instrument for the same definition and throws for a conflicting one', () => {
    ml = memoryMeterline();
    expect(ml.instrument(cost)).toBe(ml.instrument({ ...cost }));
    expect(() => ml.instrument({ ...cost, unit: 'EUR' })).toThrow(
      'metric "test.cost" is already defined differently',
    );
  });

  it('exports a released session once more, then forgets it', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(cost);
    counter.add(1, { 'session.id': 's1', model: 'a' });
    counter.bind({ 'session.id': 's1', model: 'b' }).add(2);
    counter.add(3, { 'session.id': 's2', model: 'a' });
    expect(ml.liveSessions).toBe(2);
    ml.releaseSession('s1');
    expect(valuesOf(await ml.collect(), 'test.cost')).toEqual({
      '{"session.id":"s1","model":"a"}': 1,
      '{"session.id":"s1","model":"b"}': 2,
      '{"session.id":"s2","model":"a"}': 3,
    });
    expect(ml.liveSessions).toBe(1);
    expect(valuesOf(await ml.collect(), 'test.cost')).toEqual({ '{"session.id":"s2","model":"a"}': 3 });
  });

  it('frees a bound handle when it is released, and drops what a released handle records later', async () => {
    ml = memoryMeterline();
    const handle = ml.instrument(cost).bind({ 'session.id': 's1' });
    handle.add(1);
    handle.release();
    handle.add(1);
    expect(valuesOf(await ml.collect(), 'test.cost')).toEqual({ '{"session.id":"s1"}': 2 });
    handle.add(1);
    expect(ml.droppedRecordings).toBe(1);
    expect(valuesOf(await ml.collect(), 'test.cost')).toEqual({});
  });

  it('keeps a handle alive while another binding of the same attributes holds it', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(cost);
    const first = counter.bind({ 'session.id': 's1' });
    const second = counter.bind({ 'session.id': 's1' });
    first.add(1);
    first.release();
    second.add(1);
    await ml.collect();
    second.add(1);
    expect(valuesOf(await ml.collect(), 'test.cost')).toEqual({ '{"session.id":"s1"}': 3 });
  });

  it('keeps the value of a session that records again before its release was exported', async () => {
    ml = memoryMeterline();
    const counter = ml.instrument(cost);
    counter.add(1, { 'session.id': 's1' });
    ml.releaseSession('s1');
    counter.add(1, { 'session.id': 's1' });
    await ml.collect();
    expect(valuesOf(await ml.collect(), 'test.cost')).toEqual({ '{"session.id":"s1"}': 2 });
  });
});
