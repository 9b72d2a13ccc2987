import { diag } from '@opentelemetry/api';

const INTERVAL_MILLIS = 60_000;

interface Entry {
  lastMillis: number;
  suppressed: number;
}

/**
 * Rate-limited warnings for values dropped on the hot path: a bad value recorded in a loop must not
 * flood the log, so each distinct problem is reported at most once a minute with a count of the rest.
 */
export class Diagnostics {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Recordings dropped since start, for tests and self-monitoring. */
  dropped = 0;

  drop(key: string, message: string): void {
    this.dropped++;
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && now - entry.lastMillis < INTERVAL_MILLIS) {
      entry.suppressed++;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.entries.set(key, { lastMillis: now, suppressed: 0 });
    diag.warn(
      `@meterline/sdk: ${message}${suppressed > 0 ? ` (${suppressed} similar dropped since last warning)` : ''}`,
    );
  }
}
