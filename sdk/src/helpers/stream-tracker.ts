import { SpanStatusCode } from '@opentelemetry/api';
import type { Meterline } from '../meterline.ts';

/** How a stream ended; `stream.outcome` takes these values. */
export type StreamOutcome = 'completed' | 'error' | 'aborted';

export interface StreamTrackerOptions {
  /** `stream.kind`, e.g. `logs` or `stdout`. Default: `'default'`. */
  kind?: string;
}

/** Counts what flows through one stream; `end` records its duration once. */
export interface StreamTracker {
  /** Counts a chunk's bytes and its newline-terminated lines. */
  chunk(data: string | Uint8Array): void;
  error(errorType: string): void;
  end(outcome?: StreamOutcome): void;
}

const NEWLINE = 10;

function countNewlines(data: string | Uint8Array): number {
  let count = 0;
  if (typeof data === 'string') {
    for (let i = data.indexOf('\n'); i !== -1; i = data.indexOf('\n', i + 1)) count++;
  } else {
    for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) count++;
  }
  return count;
}

function lastByteIsNewline(data: string | Uint8Array): boolean {
  return typeof data === 'string' ? data.endsWith('\n') : data[data.length - 1] === NEWLINE;
}

/**
 * Opens a stream: counts it as active and opened, then measures lines, bytes, errors and duration. When
 * traces are exported it is also a span `stream <kind>` until it ends, with `stream.outcome` and an
 * event per error.
 */
export function openStream(
  meterline: Meterline,
  { kind = 'default' }: StreamTrackerOptions = {},
): StreamTracker {
  const { streams } = meterline;
  const attributes = { 'stream.kind': kind };
  const lines = streams.lines.bind(attributes);
  const bytes = streams.io.bind(attributes);
  const active = streams.active.bind(attributes);
  const started = performance.now();
  // A final line without a newline still counts once the stream ends.
  let partialLine = false;
  let ended = false;
  streams.opened.add(1, attributes);
  active.add(1);
  const span = meterline.tracer?.startSpan(`stream ${kind}`, { attributes });
  return {
    chunk(data) {
      if (ended || data.length === 0) return;
      lines.add(countNewlines(data));
      bytes.add(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);
      partialLine = !lastByteIsNewline(data);
    },
    error(errorType) {
      streams.errors.add(1, { ...attributes, 'error.type': errorType });
      span?.addEvent('error', { 'error.type': errorType });
    },
    end(outcome = 'completed') {
      if (ended) return;
      ended = true;
      if (partialLine) lines.add(1);
      active.add(-1);
      streams.duration.record((performance.now() - started) / 1000, {
        ...attributes,
        'stream.outcome': outcome,
      });
      for (const handle of [lines, bytes, active]) handle.release();
      span?.setAttribute('stream.outcome', outcome);
      if (outcome !== 'completed') span?.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span?.end();
    },
  };
}
