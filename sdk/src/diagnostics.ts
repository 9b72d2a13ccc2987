import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

const INTERVAL_MILLIS = 60_000;

interface Entry {
  lastMillis: number;
  suppressed: number;
}

/** Lets each key through at most once a minute, counting the times it held the key back. */
class OncePerMinute {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Undefined when `key` is held back; else how many times it was held back since it last passed. */
  pass(key: string): number | undefined {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && now - entry.lastMillis < INTERVAL_MILLIS) {
      entry.suppressed++;
      return undefined;
    }
    if (this.entries.size >= 1000) this.entries.clear();
    this.entries.set(key, { lastMillis: now, suppressed: 0 });
    return entry?.suppressed ?? 0;
  }
}

/**
 * Rate-limited warnings for values dropped on the hot path: a bad value recorded in a loop must not
 * flood the log, so each distinct problem is reported at most once a minute with a count of the rest.
 */
export class Diagnostics {
  private readonly limiter: OncePerMinute;

  constructor(now: () => number = Date.now) {
    this.limiter = new OncePerMinute(now);
  }

  /** Recordings dropped since start, for tests and self-monitoring. */
  dropped = 0;

  drop(key: string, message: string): void {
    this.dropped++;
    const suppressed = this.limiter.pass(key);
    if (suppressed === undefined) return;
    diag.warn(
      `@meterline/sdk: ${message}${suppressed > 0 ? ` (${suppressed} similar dropped since last warning)` : ''}`,
    );
  }
}

/** `OTEL_LOG_LEVEL`'s values, quietest first. */
export const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DIAG_LEVELS: Record<LogLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * OpenTelemetry's diagnostics (Meterline's among them) on stderr, one line each. A message repeated within
 * a minute (the same failure every export interval) is held back and counted; numbers are ignored when
 * comparing, so a failure naming a new port or timestamp is still the same failure.
 */
export class StderrLogger implements DiagLogger {
  private readonly limiter: OncePerMinute;
  private readonly write: (line: string) => void;

  constructor(write: (line: string) => void = (line) => process.stderr.write(line), now = Date.now) {
    this.write = write;
    this.limiter = new OncePerMinute(now);
  }

  error = (message: string, ...args: unknown[]) => this.log('error', message, args);
  warn = (message: string, ...args: unknown[]) => this.log('warn', message, args);
  info = (message: string, ...args: unknown[]) => this.log('info', message, args);
  debug = (message: string, ...args: unknown[]) => this.log('debug', message, args);
  verbose = (message: string, ...args: unknown[]) => this.log('verbose', message, args);

  private log(level: string, message: string, args: unknown[]): void {
    const text = [message, ...args].map(describe).join(' ');
    const suppressed = this.limiter.pass(`${level} ${text.replace(/\d+/g, '#')}`);
    if (suppressed === undefined) return;
    this.write(`${level}: ${text}${suppressed > 0 ? ` (${suppressed} more like it since)` : ''}\n`);
  }
}

/**
 * One line for a logged value. OpenTelemetry's default error handler logs an error as JSON with its stack
 * (`{"stack":…,"message":…}`); the message alone says what failed.
 */
function describe(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('{"stack"')) {
    try {
      const { message } = JSON.parse(value) as { message?: unknown };
      if (typeof message === 'string') return message;
    } catch {}
  }
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return `${value.message}${cause instanceof Error ? ` (cause: ${cause.message})` : ''}`;
  }
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** Sends OpenTelemetry's diagnostics from `level` up to `logger` (`none` leaves the current logger be). */
export function installLogger(level: LogLevel, logger: DiagLogger = new StderrLogger()): void {
  if (level === 'none') return;
  diag.setLogger(logger, { logLevel: DIAG_LEVELS[level], suppressOverrideMessage: true });
}
