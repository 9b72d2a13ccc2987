import { memoryMeterline, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Meterline } from '../meterline.ts';
import { recordUsage } from './record-usage.ts';

const ids = { sessionId: 's1', userId: 'u1', organizationId: 'o1' };
const identity = '"session.id":"s1","user.id":"u1","organization.id":"o1"';

describe('recordUsage', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('records cost, every token type, the request and its duration', async () => {
    ml = memoryMeterline();
    recordUsage(ml, {
      ...ids,
      model: 'opus',
      inputTokens: 100,
      outputTokens: 20,
      cacheReadTokens: 5,
      cacheCreationTokens: 1,
      costUsd: 0.5,
      durationSeconds: 2,
    });
    recordUsage(ml, { ...ids, model: 'opus', outcome: 'error', inputTokens: 10, durationSeconds: 0.1 });
    recordUsage(ml, { ...ids, model: 'haiku', costUsd: 0.01 });
    const collected = await ml.collect();
    expect(valuesOf(collected, 'usage.cost')).toEqual({
      [`{${identity},"model":"opus"}`]: 0.5,
      [`{${identity},"model":"haiku"}`]: 0.01,
    });
    expect(valuesOf(collected, 'usage.tokens')).toEqual({
      [`{${identity},"model":"opus","token.type":"input"}`]: 110,
      [`{${identity},"model":"opus","token.type":"output"}`]: 20,
      [`{${identity},"model":"opus","token.type":"cache_read"}`]: 5,
      [`{${identity},"model":"opus","token.type":"cache_creation"}`]: 1,
    });
    expect(valuesOf(collected, 'usage.requests')).toEqual({
      [`{${identity},"model":"opus","outcome":"success"}`]: 1,
      [`{${identity},"model":"opus","outcome":"error"}`]: 1,
      [`{${identity},"model":"haiku","outcome":"success"}`]: 1,
    });
    const durations = valuesOf<{ count: number; sum: number }>(collected, 'usage.request.duration');
    expect(durations[`{${identity},"model":"opus","outcome":"success"}`]).toMatchObject({ count: 1, sum: 2 });
  });
});
