import { memoryMeterline, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Meterline } from '../meterline.ts';
import { recordUsage } from './record-usage.ts';
import { startSession } from './session-tracker.ts';

const who = '{"session.kind":"shell","user.id":"u1","organization.id":"o1"}';

describe('startSession', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('tracks start, errors, timeout and duration, and releases the session usage series after export', async () => {
    ml = memoryMeterline();
    const session = startSession(ml, { sessionId: 's1', userId: 'u1', organizationId: 'o1', kind: 'shell' });
    recordUsage(ml, {
      ...{ sessionId: 's1', userId: 'u1', organizationId: 'o1' },
      model: 'm',
      costUsd: 0.25,
    });
    session.error('pty_closed');
    session.timeout();
    session.end();
    const collected = await ml.collect();
    expect(valuesOf(collected, 'session.started')).toEqual({ [who]: 1 });
    expect(valuesOf(collected, 'session.active')).toEqual({ [who]: 0 });
    expect(valuesOf(collected, 'session.timeouts')).toEqual({ [who]: 1 });
    expect(Object.values(valuesOf(collected, 'session.errors'))).toEqual([1]);
    const durations = valuesOf<{ count: number }>(collected, 'session.duration');
    expect(Object.keys(durations)).toEqual([
      '{"session.kind":"shell","user.id":"u1","organization.id":"o1","session.outcome":"timeout"}',
    ]);
    expect(valuesOf(collected, 'usage.cost')).toEqual({
      '{"session.id":"s1","user.id":"u1","organization.id":"o1","model":"m"}': 0.25,
    });
    expect(valuesOf(await ml.collect(), 'usage.cost')).toEqual({});
    expect(ml.liveSessions).toBe(0);
  });

  it('records when the session started and ended, with its identity, so a short session keeps its bounds', async () => {
    ml = memoryMeterline();
    const before = Date.now() / 1000;
    const session = startSession(ml, { sessionId: 's1', userId: 'u1', organizationId: 'o1', kind: 'shell' });
    const afterStart = Date.now() / 1000;
    const live = await ml.collect();
    const identity = '{"session.id":"s1","user.id":"u1","organization.id":"o1"}';
    const start = valuesOf<number>(live, 'usage.session.start_time')[identity] as number;
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(afterStart);
    expect(valuesOf(live, 'usage.session.end_time')).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 20));
    session.end();
    session.end();
    const ended = await ml.collect();
    const end = valuesOf<number>(ended, 'usage.session.end_time')[identity] as number;
    const [duration] = Object.values(valuesOf<{ sum: number }>(ended, 'session.duration'));
    // To the microsecond: Unix seconds as a double keep about a quarter of one.
    expect(end - start).toBeCloseTo(duration?.sum as number, 6);
    expect(end).toBeLessThanOrEqual(Date.now() / 1000);
    expect(valuesOf(ended, 'usage.session.start_time')).toEqual({ [identity]: start });
    expect(valuesOf(await ml.collect(), 'usage.session.end_time')).toEqual({});
  });
});
