import type { VectorSample } from '../backend.ts';

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
