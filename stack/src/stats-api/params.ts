/** A request parameter that failed validation: answered with 400 naming the parameter. */
export class ParameterError extends Error {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(message);
    this.parameter = parameter;
  }
}

/** Longest accepted id: real session, user and organization ids are far shorter. */
export const MAX_ID_LENGTH = 256;
/** `window=all` looks back this far (ten years). */
export const ALL_SECONDS = 10 * 365 * 86_400;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const UNIX_SECONDS = /^\d{1,12}(\.\d{1,9})?$/;

/** The time window of a view, in Unix seconds. */
export interface Window {
  start: number;
  end: number;
}

export function parseId(name: string, raw: string | undefined): string {
  if (raw === undefined || raw === '') throw new ParameterError(name, `${name} is required`);
  if ([...raw].length > MAX_ID_LENGTH)
    throw new ParameterError(name, `${name} is longer than ${MAX_ID_LENGTH} characters`);
  return raw;
}

/** Sessions a user or organization view lists: at most this many, by default {@link DEFAULT_LIMIT}. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 10;

export function parseLimit(raw: string | undefined, fallback = DEFAULT_LIMIT): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw new ParameterError('limit', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return Number(raw);
}

/**
 * `by=<attribute key>`: one of `allowed` (the breakdowns any configured source offers); the label it
 * becomes is derived from the key, never from the raw input.
 */
export function parseBy(raw: string | undefined, allowed: readonly string[]): string | undefined {
  if (raw === undefined) return undefined;
  if (!allowed.includes(raw)) throw new ParameterError('by', `by must be one of ${allowed.join(', ')}`);
  return raw;
}

function parseTime(name: string, raw: string): number {
  if (UNIX_SECONDS.test(raw)) return Number(raw);
  if (RFC_3339.test(raw)) {
    const millis = Date.parse(raw);
    if (!Number.isNaN(millis)) return millis / 1000;
  }
  throw new ParameterError(name, `${name} must be RFC 3339 (2026-01-31T12:00:00Z) or Unix seconds`);
}

/** `window=all|24h|7d|30d|<n><s|m|h|d|w>`, or `start`/`end`; default: all, ending now. */
export function parseWindow(query: Record<string, string | undefined>, nowSeconds: number): Window {
  const { window, start, end } = query;
  if (window !== undefined && (start !== undefined || end !== undefined)) {
    throw new ParameterError('window', 'use either window or start/end, not both');
  }
  const endSeconds = end === undefined ? nowSeconds : parseTime('end', end);
  if (start !== undefined) {
    const startSeconds = parseTime('start', start);
    if (!(startSeconds < endSeconds)) throw new ParameterError('start', 'start must be before end');
    return { start: startSeconds, end: endSeconds };
  }
  if (window === undefined || window === 'all') return { start: endSeconds - ALL_SECONDS, end: endSeconds };
  const match = /^(\d{1,6})([smhdw])$/.exec(window);
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number) : 0;
  if (seconds <= 0 || seconds > ALL_SECONDS) {
    throw new ParameterError(
      'window',
      'window must be all, or a duration such as 24h, 7d or 30d (at most 10 years)',
    );
  }
  return { start: endSeconds - seconds, end: endSeconds };
}
