import type { Backend, VectorSample } from '../backend.ts';
import type { Window } from '../params.ts';
import { series } from '../promql.ts';
import type { Extra, Measure, ResolvedSource, SourceSpec, TokenKey } from '../sources.ts';
import type { QueryBatch } from './query-batch.ts';

/** What every query of one view shares. */
export interface ViewContext {
  backend: Backend;
  source: ResolvedSource;
  window: Window;
}

export type Scope = Readonly<Record<string, string>>;

export interface ToolCounts {
  succeeded: number;
  failed: number;
  total: number;
}

export interface DecisionCounts {
  accepted: number;
  rejected: number;
  total: number;
}

/** Sums over a scope (a session, a user, an organization) for the whole window; null where the source lacks the metric. */
export interface Totals {
  costUsd: number | null;
  costByModel: Record<string, number> | null;
  tokens: number | null;
  tokensByType: Record<TokenKey, number> | null;
  apiRequests: number | null;
  /** Requests that failed (after their retries, for Claude Code). */
  apiErrors: number | null;
  prompts: number | null;
  activeTimeSeconds: number | null;
  toolExecutions: ToolCounts | null;
  tools: Record<string, ToolCounts> | null;
  /** Tool permission decisions (Claude Code's tool_decision events). */
  toolDecisions: DecisionCounts | null;
  averageApiLatencySeconds: number | null;
  models: string[];
}

/** Values are sums of floating-point counters; nine decimals keep them exact to well below a cent. */
export function round(value: number): number {
  return Number(value.toFixed(9));
}

/** The window as a PromQL range. */
export function range({ start, end }: Window): string {
  return `${Math.max(1, Math.round((end - start) * 1000))}ms`;
}

/**
 * `increase_pure` assumes counters start at 0, so a session shorter than one export interval (a single
 * cumulative sample) counts fully, and it handles resets when a process restarts mid-session; the sample
 * before the window is the base for a series that crosses the window start.
 */
export function sumQuery(ctx: ViewContext, metric: string, scope: Scope, by: readonly string[]): string {
  const increase = `increase_pure(${series(metric, scope)}[${range(ctx.window)}])`;
  return by.length === 0 ? `sum(${increase})` : `sum by (${by.join(', ')}) (${increase})`;
}

/**
 * A measure summed over the window, grouped by `by`: a reader for the answer, which is null when the
 * source does not have the measure. Groups that did nothing in the window (a series seen only before it
 * gives an increase of 0) are left out.
 */
export function sum(
  batch: QueryBatch,
  ctx: ViewContext,
  measure: Measure | Extra,
  scope: Scope,
  by: readonly string[] = [],
  suffix = '',
): () => VectorSample[] | null {
  const name = ctx.source.names[measure];
  if (name === undefined) return () => null;
  const answer = batch.add(sumQuery(ctx, `${name}${suffix}`, scope, by));
  return () => answer().filter((sample) => sample.value !== 0);
}

/** The sum of an answer's values; null where the source lacks the measure. */
export function total(samples: VectorSample[] | null): number | null {
  return samples === null ? null : round(samples.reduce((acc, sample) => acc + sample.value, 0));
}

function byLabel(samples: VectorSample[] | null, label: string): Record<string, number> | null {
  if (samples === null) return null;
  const result: Record<string, number> = {};
  for (const sample of samples) {
    const key = sample.labels[label] ?? '';
    result[key] = round((result[key] ?? 0) + sample.value);
  }
  return result;
}

type MeasureReaders = Record<
  | 'cost'
  | 'tokens'
  | 'requests'
  | 'apiErrors'
  | 'prompts'
  | 'activeTime'
  | 'tools'
  | 'toolDecisions'
  | 'durationSum'
  | 'durationCount',
  () => VectorSample[] | null
>;

/** Every measure of a scope: a reader for the totals once the batch has run. */
export function totals(batch: QueryBatch, ctx: ViewContext, scope: Scope): () => Totals {
  const { spec } = ctx.source;
  const readers: MeasureReaders = {
    cost: sum(batch, ctx, 'cost', scope, ['model']),
    tokens: sum(batch, ctx, 'tokens', scope, [spec.tokenTypeLabel, 'model']),
    requests: sum(batch, ctx, 'requests', scope, [
      'model',
      ...(spec.requestErrors ? [spec.requestErrors.label] : []),
    ]),
    apiErrors: spec.requestErrors === null ? sum(batch, ctx, 'apiErrors', scope) : () => null,
    prompts: sum(batch, ctx, 'prompts', scope),
    activeTime: sum(batch, ctx, 'activeTime', scope),
    tools: sum(batch, ctx, 'tools', scope, ['tool_name', spec.outcomeLabel]),
    toolDecisions: sum(batch, ctx, 'toolDecisions', scope, ['decision']),
    durationSum: sum(batch, ctx, 'requestDuration', scope, [], '_sum'),
    durationCount: sum(batch, ctx, 'requestDuration', scope, [], '_count'),
  };
  return () => totalsOf(spec, readers);
}

function totalsOf(spec: SourceSpec, read: MeasureReaders): Totals {
  const [cost, tokens, requests, prompts, activeTime, tools, durationSum, durationCount] = [
    read.cost(),
    read.tokens(),
    read.requests(),
    read.prompts(),
    read.activeTime(),
    read.tools(),
    read.durationSum(),
    read.durationCount(),
  ];
  const { requestErrors } = spec;
  const apiErrors =
    requestErrors === null
      ? total(read.apiErrors())
      : total(requests?.filter((s) => s.labels[requestErrors.label] === requestErrors.value) ?? null);
  const decisions = read.toolDecisions();
  const decided = (value: string) => total(decisions?.filter((s) => s.labels.decision === value) ?? []) ?? 0;
  const toolDecisions =
    decisions === null
      ? null
      : { accepted: decided('accept'), rejected: decided('reject'), total: total(decisions) ?? 0 };
  let tokensByType: Record<TokenKey, number> | null = null;
  if (tokens !== null) {
    tokensByType = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
    for (const sample of tokens) {
      const key = spec.tokenTypes[sample.labels[spec.tokenTypeLabel] ?? ''];
      if (key !== undefined) tokensByType[key] = round(tokensByType[key] + sample.value);
    }
  }
  let toolCounts: Record<string, ToolCounts> | null = null;
  let toolExecutions: ToolCounts | null = null;
  if (tools !== null) {
    toolCounts = {};
    toolExecutions = { succeeded: 0, failed: 0, total: 0 };
    for (const sample of tools) {
      const name = sample.labels.tool_name ?? '';
      const entry = toolCounts[name] ?? { succeeded: 0, failed: 0, total: 0 };
      toolCounts[name] = entry;
      const succeeded = sample.labels[spec.outcomeLabel] === spec.successValue;
      for (const counts of [entry, toolExecutions]) {
        if (succeeded) counts.succeeded = round(counts.succeeded + sample.value);
        else counts.failed = round(counts.failed + sample.value);
        counts.total = round(counts.total + sample.value);
      }
    }
  }
  const latencyCount = total(durationCount);
  const models = new Set(
    [cost, tokens, requests].flatMap((samples) => (samples ?? []).map((s) => s.labels.model ?? '')),
  );
  models.delete('');
  return {
    costUsd: total(cost),
    costByModel: byLabel(cost, 'model'),
    tokens: total(tokens),
    tokensByType,
    apiRequests: total(requests),
    apiErrors,
    prompts: total(prompts),
    activeTimeSeconds: total(activeTime),
    toolExecutions,
    tools: toolCounts,
    toolDecisions,
    averageApiLatencySeconds:
      latencyCount === null || latencyCount === 0 ? null : round((total(durationSum) ?? 0) / latencyCount),
    models: [...models].sort(),
  };
}
