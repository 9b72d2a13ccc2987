import type { VectorSample } from '../backend.ts';
import type { Window } from '../params.ts';

/** When one group of labels (a session, a user…) was active in the window, in Unix seconds. */
export interface Span {
  labels: Record<string, string>;
  first: number;
  last: number;
}

/** Joins the first samples and last changes of {@link activityQueries} by their `labels`. */
export function spansOf(
  firsts: VectorSample[] | null,
  lastChanges: VectorSample[] | null,
  labels: readonly string[],
): Span[] {
  const key = (sample: VectorSample) => JSON.stringify(labels.map((name) => sample.labels[name] ?? ''));
  const firstByKey = new Map((firsts ?? []).map((sample) => [key(sample), sample.value]));
  return (lastChanges ?? []).map((sample) => ({
    labels: sample.labels,
    first: firstByKey.get(key(sample)) ?? sample.value,
    last: sample.value,
  }));
}

/**
 * A session's span within the window (docs/design.md §8). Where its source recorded when it started or
 * ended, that bound clipped to the window; otherwise its first sample and last change, export times, which
 * for a session shorter than one export interval are one instant.
 */
export function lifeIn(span: Span, bounds: { start?: number; end?: number }, window: Window): Span {
  const first =
    bounds.start === undefined ? span.first : Math.min(Math.max(bounds.start, window.start), window.end);
  const last = Math.min(Math.max(bounds.end ?? span.last, first), window.end);
  return { ...span, first, last };
}
