import { anyOf } from '../promql.ts';
import type { Measure, ResolvedSource } from '../sources.ts';
import { range, type Scope, type ViewContext } from './measures.ts';
import type { QueryBatch } from './query-batch.ts';

/** Every series name the source has, for presence and activity queries. */
function presenceNames(source: ResolvedSource): string[] {
  return Object.entries(source.names).map(([measure, name]) =>
    source.spec.measures[measure as Measure]?.kind === 'histogram' ? `${name}_count` : (name as string),
  );
}

export interface Span {
  labels: Record<string, string>;
  first: number;
  last: number;
}

/**
 * When each group of `by` labels was active within the window: its first sample and its last change, for
 * groups whose counters changed in it. Cumulative exporters keep re-sending an idle session's totals; those
 * samples are neither activity nor its end. A series without a sample before the window changes with its
 * first sample, so a session shorter than one export interval counts.
 */
export function activity(
  batch: QueryBatch,
  ctx: ViewContext,
  scope: Scope,
  by: readonly string[],
): () => Span[] {
  const names = presenceNames(ctx.source);
  if (names.length === 0) return () => [];
  const selector = `${anyOf(names, scope)}[${range(ctx.window)}]`;
  const group = by.length === 0 ? '' : ` by (${by.join(', ')})`;
  const firsts = batch.add(`min${group} (tfirst_over_time(${selector}))`);
  const lastChanges = batch.add(`max${group} (tlast_change_over_time(${selector}))`);
  return () => {
    const key = (labels: Record<string, string>) => JSON.stringify(by.map((name) => labels[name] ?? ''));
    const firstByKey = new Map(firsts().map((sample) => [key(sample.labels), sample.value]));
    return lastChanges().map((sample) => ({
      labels: sample.labels,
      first: firstByKey.get(key(sample.labels)) ?? sample.value,
      last: sample.value,
    }));
  };
}
