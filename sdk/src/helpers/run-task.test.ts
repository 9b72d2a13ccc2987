import { setTimeout as sleep } from 'node:timers/promises';
import { memoryMeterline, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Meterline } from '../meterline.ts';
import { runTask, TaskTimeoutError } from './run-task.ts';

const runs = (outcome: string) => `{"task.name":"build","task.outcome":"${outcome}"}`;

describe('runTask', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('passes the result through and counts a success with its output', async () => {
    ml = memoryMeterline();
    const result = await runTask(ml, 'build', async ({ output, bufferSize }) => {
      output('compiling\nlinking\n');
      output('done');
      output(2);
      bufferSize(512);
      return 42;
    });
    expect(result).toBe(42);
    const collected = await ml.collect();
    expect(valuesOf(collected, 'task.runs')).toEqual({ [runs('success')]: 1 });
    expect(valuesOf(collected, 'task.output.lines')).toEqual({ '{"task.name":"build"}': 5 });
    expect(valuesOf(collected, 'task.output.buffer.size')).toEqual({ '{"task.name":"build"}': 512 });
    expect(valuesOf(collected, 'task.active')).toEqual({ '{"task.name":"build"}': 0 });
  });

  it('rethrows the task error and counts a failure', async () => {
    ml = memoryMeterline();
    await expect(runTask(ml, 'build', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      runTask(ml, 'build', () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(valuesOf(await ml.collect(), 'task.runs')).toEqual({ [runs('failure')]: 2 });
  });

  it('counts a timed-out task once as timeout, even when it fails afterwards', async () => {
    ml = memoryMeterline();
    const task = runTask(
      ml,
      'build',
      async ({ signal }) => {
        await sleep(50);
        throw new Error(`late failure after abort: ${signal.aborted}`);
      },
      { timeoutMillis: 10 },
    );
    await expect(task).rejects.toBeInstanceOf(TaskTimeoutError);
    await sleep(80);
    const collected = await ml.collect();
    expect(valuesOf(collected, 'task.runs')).toEqual({ [runs('timeout')]: 1 });
    expect(valuesOf<{ count: number }>(collected, 'task.duration')[runs('timeout')]?.count).toBe(1);
  });

  it('counts a cancelled task, whether cancelled before or during the run', async () => {
    ml = memoryMeterline();
    const during = new AbortController();
    const running = runTask(ml, 'build', ({ signal }) => sleep(1000, undefined, { signal }), {
      signal: during.signal,
    });
    during.abort(new Error('user cancelled'));
    await expect(running).rejects.toThrow('user cancelled');
    await expect(runTask(ml, 'build', () => 1, { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(valuesOf(await ml.collect(), 'task.runs')).toEqual({ [runs('cancelled')]: 2 });
  });
});
