import { SpanStatusCode } from '@opentelemetry/api';
import type { Meterline } from '../meterline.ts';

/** How a session ended; `session.outcome` takes these values. */
export type SessionOutcome = 'ended' | 'timeout' | 'error';

export interface SessionOptions {
  /** `session.id`: ending the session releases every usage series recorded with it. */
  sessionId: string;
  /** `user.id`. Default: none. */
  userId?: string;
  /** `organization.id`. Default: none. */
  organizationId?: string;
  /** `session.kind`, e.g. `shell` or `chat`. Default: `'default'`. */
  kind?: string;
}

export interface SessionTracker {
  readonly sessionId: string;
  /** Identity attributes for the usage instruments: `{ 'session.id', 'user.id', 'organization.id' }`. */
  readonly identity: {
    readonly 'session.id': string;
    readonly 'user.id'?: string;
    readonly 'organization.id'?: string;
  };
  error(errorType: string): void;
  /** Counts a timeout and ends the session with outcome `timeout`. */
  timeout(): void;
  /** Ends the session once: duration, active count, and release of its per-session series. */
  end(outcome?: SessionOutcome): void;
}

/**
 * Starts a session: counted as started and active until `end` or `timeout`. Its start and end times are
 * recorded with its identity (`usage.session.start_time`, `usage.session.end_time`), so the stats API
 * reports them even for a session shorter than one export interval. When traces are exported it
 * is also a span `session <kind>` from start to end, with the session's identity, `session.outcome` and an
 * event per error; Jaeger shows it once the session ends.
 */
export function startSession(meterline: Meterline, options: SessionOptions): SessionTracker {
  const { sessions, usage } = meterline;
  const { sessionId, userId, organizationId, kind = 'default' } = options;
  const attributes = { 'session.kind': kind, 'user.id': userId, 'organization.id': organizationId };
  const identity = { 'session.id': sessionId, 'user.id': userId, 'organization.id': organizationId };
  // The end is the start plus monotonic time, so it agrees with the recorded duration.
  const startSeconds = Date.now() / 1000;
  const started = performance.now();
  let ended = false;
  usage.sessionStartTime.set(startSeconds, identity);
  sessions.started.add(1, attributes);
  sessions.active.add(1, attributes);
  // Spans take no undefined attribute values (they warn): only the identity that is set.
  const spanAttributes = Object.fromEntries(
    Object.entries({ ...identity, 'session.kind': kind }).filter(([, value]) => value !== undefined),
  );
  const span = meterline.tracer?.startSpan(`session ${kind}`, { attributes: spanAttributes });
  const tracker: SessionTracker = {
    sessionId,
    identity,
    error(errorType) {
      sessions.errors.add(1, { ...attributes, 'error.type': errorType });
      span?.addEvent('error', { 'error.type': errorType });
    },
    timeout() {
      if (ended) return;
      sessions.timeouts.add(1, attributes);
      tracker.end('timeout');
    },
    end(outcome = 'ended') {
      if (ended) return;
      ended = true;
      const seconds = (performance.now() - started) / 1000;
      usage.sessionEndTime.set(startSeconds + seconds, identity);
      sessions.active.add(-1, attributes);
      sessions.duration.record(seconds, { ...attributes, 'session.outcome': outcome });
      meterline.releaseSession(sessionId);
      span?.setAttribute('session.outcome', outcome);
      if (outcome !== 'ended') span?.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span?.end();
    },
  };
  return tracker;
}
