// Plans: the PromQL a view needs, as plain records of named queries. A query is null where the source
// lacks the measure, and its answer is then null too.
import { requestErrorLabel, selector } from '@meterline/sdk';
import type { Extra, Measure } from '../sources.ts';
import { range, type Scope, type ViewContext } from './context.ts';

/** Named queries; a null query is one the source cannot answer. */
export type Plan = Readonly<Record<string, string | null>>;

function by(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` by (${labels.join(', ')})`;
}

/**
 * A measure summed over the window, grouped by `labels`. `increase_pure` assumes counters start at 0, so
 * a session shorter than one export interval (a single cumulative sample) counts fully, and it handles
 * resets when a process restarts mid-session; the sample before the window is the base for a series that
 * crosses the window start.
 */
export function sumQuery(
  ctx: ViewContext,
  measure: Measure | Extra,
  scope: Scope,
  labels: readonly string[] = [],
  suffix = '',
): string | null {
  const name = ctx.source.names[measure];
  if (name === undefined) return null;
  return `sum${by(labels)} (increase_pure(${selector(`${name}${suffix}`, scope)}[${range(ctx.window)}]))`;
}

/** Every series name the source has, for activity queries. */
function presenceNames(ctx: ViewContext): string[] {
  const { names, spec } = ctx.source;
  return Object.entries(names).map(([key, name]) =>
    spec.measures[key as Measure]?.kind === 'histogram' ? `${name}_count` : (name as string),
  );
}

/**
 * When each group of `labels` was active within the window: its first sample (`firsts`) and its last
 * change (`lastChanges`). Cumulative exporters keep re-sending an idle session's totals; those samples
 * are neither activity nor its end. A series without a sample before the window changes with its first
 * sample, so a session shorter than one export interval counts.
 */
export function activityQueries(ctx: ViewContext, scope: Scope, labels: readonly string[]) {
  const names = presenceNames(ctx);
  if (names.length === 0) return { firsts: null, lastChanges: null };
  const matrix = `${selector(names, scope)}[${range(ctx.window)}]`;
  return {
    firsts: `min${by(labels)} (tfirst_over_time(${matrix}))`,
    lastChanges: `max${by(labels)} (tlast_change_over_time(${matrix}))`,
  };
}

/** Every measure of a scope, summed over the window, grouped as {@link totalsOf} reads them. */
export function totalsQueries(ctx: ViewContext, scope: Scope) {
  const { spec, labels } = ctx.source;
  const failure = requestErrorLabel(spec);
  const requestLabels = failure === null ? [labels.model] : [labels.model, failure.label];
  return {
    cost: sumQuery(ctx, 'cost', scope, [labels.model]),
    tokens: sumQuery(ctx, 'tokens', scope, [labels.tokenType, labels.model]),
    requests: sumQuery(ctx, 'requests', scope, requestLabels),
    apiErrors: failure === null ? sumQuery(ctx, 'apiErrors', scope) : null,
    prompts: sumQuery(ctx, 'prompts', scope),
    activeTime: sumQuery(ctx, 'activeTime', scope),
    tools: sumQuery(ctx, 'tools', scope, [labels.tool, labels.toolOutcome]),
    toolDecisions: sumQuery(ctx, 'toolDecisions', scope, [labels.decision]),
    durationSum: sumQuery(ctx, 'requestDuration', scope, [], '_sum'),
    durationCount: sumQuery(ctx, 'requestDuration', scope, [], '_count'),
  };
}

export type TotalsPlan = ReturnType<typeof totalsQueries>;
