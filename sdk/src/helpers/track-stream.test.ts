import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { memoryMeterline, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Meterline } from '../meterline.ts';
import { trackStream } from './track-stream.ts';

const logs = '{"stream.kind":"logs"}';

describe('trackStream', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('counts lines, bytes and a completed stream', async () => {
    ml = memoryMeterline();
    const stream = Readable.from([Buffer.from('one\ntwo\n'), 'thr', 'ee\nfour', 'ü']);
    trackStream(ml, stream, { kind: 'logs' });
    stream.resume();
    await once(stream, 'close');
    const collected = await ml.collect();
    expect(valuesOf(collected, 'stream.lines')).toEqual({ [logs]: 4 });
    expect(valuesOf(collected, 'stream.io')).toEqual({ [logs]: 8 + 3 + 7 + 2 });
    expect(valuesOf(collected, 'stream.opened')).toEqual({ [logs]: 1 });
    expect(valuesOf(collected, 'stream.active')).toEqual({ [logs]: 0 });
    const duration = valuesOf<{ count: number }>(collected, 'stream.duration');
    expect(duration['{"stream.kind":"logs","stream.outcome":"completed"}']?.count).toBe(1);
  });

  it('counts an error and ends the stream with outcome error', async () => {
    ml = memoryMeterline();
    const stream = new PassThrough();
    trackStream(ml, stream, { kind: 'logs' });
    stream.write('partial');
    const closed = new Promise((resolve) => stream.on('close', resolve));
    stream.on('error', () => {});
    stream.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await closed;
    const collected = await ml.collect();
    expect(valuesOf(collected, 'stream.errors')).toEqual({
      '{"stream.kind":"logs","error.type":"ECONNRESET"}': 1,
    });
    const duration = valuesOf<{ count: number }>(collected, 'stream.duration');
    expect(duration['{"stream.kind":"logs","stream.outcome":"error"}']?.count).toBe(1);
  });

  it('regression: does not swallow an error the application does not handle', () => {
    ml = memoryMeterline();
    const stream = new PassThrough();
    trackStream(ml, stream);
    expect(() => stream.emit('error', new Error('unhandled'))).toThrow('unhandled');
  });
});
