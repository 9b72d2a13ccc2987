// Plans: the questions a view asks, as plain records of named asks. An ask is null where the source
// lacks the measure, and its answer is then null too.
import { requestErrorLabel } from '@meterline/sdk';
import type { Bound, Extra, Measure } from '../sources.ts';
import type { Ask, Scope } from './ask.ts';
import type { ViewContext } from './context.ts';
import { BOUND_KINDS, presenceNames } from './series.ts';

/** Named asks; a null ask is one the source cannot answer. */
export type Plan = Readonly<Record<string, Ask | null>>;

/**
 * A measure summed over the window, grouped by `labels` (see {@link Ask}): a session shorter than one
 * export interval (a single cumulative sample) counts fully, a process restarted mid-session is a reset,
 * and the sample before the window is the base for a series that crosses the window start.
 */
export function sumQuery(
  ctx: ViewContext,
  measure: Measure | Extra,
  scope: Scope,
  labels: readonly string[] = [],
  suffix = '',
): Ask | null {
  const name = ctx.source.names[measure];
  if (name === undefined) return null;
  return { kind: 'sum', names: [`${name}${suffix}`], scope, labels };
}

/**
 * When each group of `labels` was active within the window: its first sample (`firsts`) and its last
 * change (`lastChanges`). Cumulative exporters keep re-sending an idle session's totals; those samples
 * are neither activity nor its end. A series without a sample before the window changes with its first
 * sample, so a session shorter than one export interval counts.
 */
export function activityQueries(
  ctx: ViewContext,
  scope: Scope,
  labels: readonly string[],
  latest?: number,
): { firsts: Ask | null; lastChanges: Ask | null } {
  const names = presenceNames(ctx.source);
  if (names.length === 0) return { firsts: null, lastChanges: null };
  const only = latest === undefined ? {} : { latest };
  return {
    firsts: { kind: 'first', names, scope, labels, ...only },
    lastChanges: { kind: 'lastChange', names, scope, labels, ...only },
  };
}

/**
 * When a scope was active in the window: the first sample of any group of `identity` labels (a session)
 * that changed in it, and the last change.
 */
export function windowQueries(
  ctx: ViewContext,
  scope: Scope,
  identity: readonly string[],
): { windowFirst: Ask | null; windowLast: Ask | null } {
  const names = presenceNames(ctx.source);
  if (names.length === 0) return { windowFirst: null, windowLast: null };
  return {
    windowFirst: { kind: 'first', names, scope, labels: [], changedBy: identity },
    windowLast: { kind: 'lastChange', names, scope, labels: [] },
  };
}

/**
 * Where the source records sessions' bounds (docs/design.md §8): the earliest start and the latest end
 * per group of `labels`, as recorded, whether inside the window or not; null where it records none.
 */
export function boundsQueries(ctx: ViewContext, scope: Scope, labels: readonly string[] = []) {
  const ask = (bound: Bound): Ask | null => {
    const name = ctx.source.names[bound];
    return name === undefined ? null : { kind: BOUND_KINDS[bound], names: [name], scope, labels };
  };
  return { starts: ask('sessionStart'), ends: ask('sessionEnd') };
}

/** How many sessions had a change in the window, per group of `labels`. */
export function sessionsQuery(ctx: ViewContext, scope: Scope, labels: readonly string[]): Ask | null {
  const names = presenceNames(ctx.source);
  if (names.length === 0) return null;
  return { kind: 'sessions', names, scope, labels, session: ctx.source.labels.session };
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
