import type { EventEmitter } from 'node:events';
import type { Meterline } from '../meterline.ts';
import { openStream, type StreamTracker, type StreamTrackerOptions } from './stream-tracker.ts';

/**
 * Instruments a Node.js readable stream (a child's stdout, a log tail, a socket): lines, bytes and errors
 * as data flows, duration and outcome when it closes. Listening to `data` does not change flow mode when
 * the stream is already flowing or piped; attach before you start reading.
 */
export function trackStream(
  meterline: Meterline,
  stream: EventEmitter,
  options: StreamTrackerOptions = {},
): StreamTracker {
  const tracker = openStream(meterline, options);
  let failed = false;
  let ended = false;
  stream.on('data', (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) tracker.chunk(chunk);
  });
  const onError = (error: unknown) => {
    failed = true;
    const name = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.name) : 'Error';
    tracker.error(name);
    // Listening to 'error' must not swallow it: with no other listener, Node would have thrown it.
    if (stream.listenerCount('error') === 1) throw error;
  };
  stream.on('error', onError);
  stream.once('end', () => {
    ended = true;
  });
  stream.once('close', () => tracker.end(failed ? 'error' : ended ? 'completed' : 'aborted'));
  return tracker;
}
