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
 */
export type AskKind = 'sum' | 'first' | 'lastChange';

export interface Ask {
  kind: AskKind;
  /** Series names: one for a sum, every name of the source for activity. */
  names: readonly string[];
  scope: Scope;
  /** The labels the answer is grouped by. */
  labels: readonly string[];
}

const FUNCTIONS: Record<AskKind, [aggregate: string, rollup: string]> = {
  sum: ['sum', 'increase_pure'],
  first: ['min', 'tfirst_over_time'],
  lastChange: ['max', 'tlast_change_over_time'],
};

/** The window as a PromQL range, to the millisecond. */
export function rangeOf({ start, end }: Window): string {
  return `${Math.max(1, Math.round((end - start) * 1000))}ms`;
}

/** The ask over `range` as PromQL, evaluated at the range's end; `also` narrows it further. */
export function promqlOf(ask: Ask, range: Window, also: readonly LabelMatcher[] = []): string {
  const [aggregate, rollup] = FUNCTIONS[ask.kind];
  const matchers = [...Object.entries(ask.scope).map(([label, value]) => ({ label, value })), ...also];
  const by = ask.labels.length === 0 ? '' : ` by (${ask.labels.join(', ')})`;
  return `${aggregate}${by} (${rollup}(${selector(ask.names, matchers)}[${rangeOf(range)}]))`;
}

/** Combines two answers for the same group from adjacent ranges. */
export const COMBINE: Record<AskKind, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  first: Math.min,
  lastChange: Math.max,
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
