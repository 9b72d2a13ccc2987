// A question a view asks about a range of time, kept as data: rendered to PromQL for the raw path, or
// answered from the session summaries (docs/design.md §8), and answers of parts of a window merged.
import { type LabelMatcher, selector } from '@meterline/sdk';
import type { VectorSample } from '../backend.ts';
import type { Window } from '../params.ts';

/** Label matchers that select a session, a user or an organization. */
export type Scope = Readonly<Record<string, string>>;

/**
 * - `sum`: how much the series grew, summed per group (`increase_pure`: a counter is assumed to start at 0,
 *   resets are handled, the sample before the range is the base).
 * - `first`: each group's first sample in the range.
 * - `lastChange`: each group's last change in the range; a series without a sample before the range
 *   changes with its first sample.
 * - `sessions`: per group, how many sessions had a change in the range (series without a session id are
 *   no session).
 * - `min`, `max`: each group's lowest or highest value in the range (a gauge's, such as a session's start).
 */
export type AskKind = 'sum' | 'first' | 'lastChange' | 'sessions' | 'min' | 'max';

export interface Ask {
  kind: AskKind;
  /** Series names: one for a sum, every name of the source for activity. */
  names: readonly string[];
  scope: Scope;
  /** The labels the answer is grouped by. */
  labels: readonly string[];
  /** The session label, for `sessions`. */
  session?: string;
  /**
   * For `first`: only groups of these labels (a superset of `labels`) that changed in the range count, with
   * the first sample of any of their series.
   */
  changedBy?: readonly string[];
  /**
   * For activity grouped by session: only the sessions with the latest last changes are needed, this many
   * and any tied with the last of them. An answer may hold more.
   */
  latest?: number;
}

const FUNCTIONS: Record<Exclude<AskKind, 'sessions'>, [aggregate: string, rollup: string]> = {
  sum: ['sum', 'increase_pure'],
  first: ['min', 'tfirst_over_time'],
  lastChange: ['max', 'tlast_change_over_time'],
  min: ['min', 'min_over_time'],
  max: ['max', 'max_over_time'],
};

/** The window as a PromQL range, to the millisecond. */
export function rangeOf({ start, end }: Window): string {
  return `${Math.max(1, Math.round((end - start) * 1000))}ms`;
}

/**
 * The range selector for a query evaluated at `at`: `[length]`, and for a range ending earlier an `offset`,
 * to the millisecond, so that the range still starts exactly where it would without one.
 */
function rangeSelector({ start, end }: Window, at: number): string {
  const offset = Math.max(0, Math.floor((at - end) * 1000));
  const length = Math.max(1, Math.round((at - start) * 1000) - offset);
  return offset === 0 ? `[${length}ms]` : `[${length}ms] offset ${offset}ms`;
}

/**
 * The ask over `range` as PromQL, evaluated at `at` (default: the range's end); `also` narrows it further.
 */
export function promqlOf(
  ask: Ask,
  range: Window,
  also: readonly LabelMatcher[] = [],
  at: number = range.end,
): string {
  const matchers = [...Object.entries(ask.scope).map(([label, value]) => ({ label, value })), ...also];
  const by = (labels: readonly string[]) => (labels.length === 0 ? '' : ` by (${labels.join(', ')})`);
  const ranged = (series: string) => `${series}${rangeSelector(range, at)}`;
  if (ask.kind === 'sessions') {
    const session = ask.session as string;
    const changes = `tlast_change_over_time(${ranged(selector(ask.names, [...matchers, { label: session, op: '!=', value: '' }]))})`;
    return `count${by(ask.labels)} (max${by([session, ...ask.labels])} (${changes}))`;
  }
  const [aggregate, rollup] = FUNCTIONS[ask.kind];
  const series = ranged(selector(ask.names, matchers));
  if (ask.kind === 'first' && ask.changedBy !== undefined) {
    const groups = by(ask.changedBy);
    return `min${by(ask.labels)} (min${groups} (tfirst_over_time(${series})) and max${groups} (tlast_change_over_time(${series})))`;
  }
  return `${aggregate}${by(ask.labels)} (${rollup}(${series}))`;
}

/**
 * Whether the ask is about series' values (summaries keep them per session over its whole life), rather
 * than about when samples came.
 */
export function asksValues(kind: AskKind): boolean {
  return kind === 'sum' || kind === 'min' || kind === 'max';
}

/** Combines two answers for the same group from adjacent ranges. */
export const COMBINE: Record<AskKind, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  first: Math.min,
  lastChange: Math.max,
  sessions: (a, b) => a + b,
  min: Math.min,
  max: Math.max,
};

/** Answers of one ask for the parts of a window, as one answer: groups with equal labels combined. */
export function mergeAnswers(kind: AskKind, answers: readonly VectorSample[][]): VectorSample[] {
  const parts = answers.filter((part) => part.length > 0);
  if (parts.length <= 1) return parts[0] ?? [];
  const combine = COMBINE[kind];
  const byKey = new Map<string, VectorSample>();
  for (const sample of parts.flat()) {
    const key = JSON.stringify(Object.entries(sample.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen === undefined ? { ...sample } : { ...seen, value: combine(seen.value, sample.value) },
    );
  }
  return [...byKey.values()];
}
