import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TaskOutcome } from '../catalog/tasks.ts';
import type { Meterline } from '../meterline.ts';

export interface TaskContext {
  /** Aborted when the task times out or is cancelled; pass it to whatever the task awaits. */
  readonly signal: AbortSignal;
  /** Counts lines of output (a string counts its newline-separated lines, a number is taken as a count). */
  output(lines: string | number): void;
  /** Reports how many bytes of output are buffered and not yet consumed. */
  bufferSize(bytes: number): void;
}

export interface RunTaskOptions {
  /** The run fails with outcome `timeout` after this long. Default: no timeout. */
  timeoutMillis?: number;
  /** Aborting it cancels the run (outcome `cancelled`). Default: none. */
  signal?: AbortSignal;
}

/** Rejected from {@link runTask} when a run exceeds `timeoutMillis`. */
export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';
}

function lineCount(lines: string | number): number {
  if (typeof lines === 'number') return lines;
  if (lines === '') return 0;
  const newlines = lines.split('\n').length - 1;
  return lines.endsWith('\n') ? newlines : newlines + 1;
}

/**
 * Runs a task and records it exactly once as success, failure, timeout or cancelled, with its duration
 * and output; when traces are exported, also as a span `task <name>` the task runs inside (its own spans
 * nest under it) with the same `task.name` and `task.outcome`. The task's own result or error is passed
 * through unchanged.
 */
export async function runTask<T>(
  meterline: Meterline,
  name: string,
  task: (context: TaskContext) => Promise<T> | T,
  { timeoutMillis, signal }: RunTaskOptions = {},
): Promise<T> {
  const { tasks } = meterline;
  const attributes = { 'task.name': name };
  const controller = new AbortController();
  const outputLines = tasks.outputLines.bind(attributes);
  const started = performance.now();
  let outcome: TaskOutcome | undefined;
  const settle = (result: TaskOutcome) => {
    outcome ??= result;
  };
  const onCancel = () => {
    settle('cancelled');
    controller.abort(signal?.reason);
  };
  tasks.active.add(1, attributes);
  const span = meterline.tracer?.startSpan(`task ${name}`, { attributes });
  const within = span === undefined ? context.active() : trace.setSpan(context.active(), span);
  let timer: NodeJS.Timeout | undefined;
  try {
    if (signal?.aborted) onCancel();
    controller.signal.throwIfAborted();
    signal?.addEventListener('abort', onCancel, { once: true });
    const taskContext: TaskContext = {
      signal: controller.signal,
      output: (lines) => outputLines.add(lineCount(lines)),
      bufferSize: (bytes) => tasks.outputBufferSize.set(bytes, attributes),
    };
    const run = Promise.resolve().then(() => context.with(within, () => task(taskContext)));
    const stop = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      if (timeoutMillis !== undefined) {
        timer = setTimeout(() => {
          settle('timeout');
          controller.abort(new TaskTimeoutError(`task "${name}" timed out after ${timeoutMillis} ms`));
        }, timeoutMillis);
      }
    });
    // The run may still reject after a timeout or cancellation; that late error is not a second outcome.
    run.catch(() => {});
    stop.catch(() => {});
    const result = await Promise.race([run, stop]);
    settle('success');
    return result;
  } catch (error) {
    settle('failure');
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
    const final = outcome ?? 'failure';
    tasks.active.add(-1, attributes);
    tasks.runs.add(1, { ...attributes, 'task.outcome': final });
    tasks.duration.record((performance.now() - started) / 1000, { ...attributes, 'task.outcome': final });
    outputLines.release();
    span?.setAttribute('task.outcome', final);
    if (final !== 'success') span?.setStatus({ code: SpanStatusCode.ERROR, message: final });
    span?.end();
  }
}
