// Shaping: the totals of a scope from its answers, and the usage fields every view shares.

import { requestErrorLabel } from '@meterline/sdk';
import type { VectorSample } from '../backend.ts';
import type { ResolvedSource, TokenKey } from '../sources.ts';
import { round } from './context.ts';
import type { Results } from './execute.ts';
import type { TotalsPlan } from './queries.ts';

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

/** The sum of an answer's values; null where the source lacks the measure. */
export function total(samples: VectorSample[] | null): number | null {
  return samples === null ? null : round(samples.reduce((acc, sample) => acc + sample.value, 0));
}

/** A record's entries in key order: answers print the same whatever order the samples came in. */
function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An answer's values summed per value of `label`. */
export function byLabel(samples: VectorSample[] | null, label: string): Record<string, number> | null {
  if (samples === null) return null;
  const result: Record<string, number> = {};
  for (const sample of samples) {
    const key = sample.labels[label] ?? '';
    result[key] = round((result[key] ?? 0) + sample.value);
  }
  return sorted(result);
}

function tokensByType(
  { spec, labels }: ResolvedSource,
  tokens: VectorSample[] | null,
): Record<TokenKey, number> | null {
  if (tokens === null) return null;
  const byType = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const sample of tokens) {
    const key = spec.tokenTypes[sample.labels[labels.tokenType] ?? ''];
    if (key !== undefined) byType[key] = round(byType[key] + sample.value);
  }
  return byType;
}

function toolCounts({ spec, labels }: ResolvedSource, tools: VectorSample[] | null) {
  if (tools === null) return { perTool: null, all: null };
  const perTool: Record<string, ToolCounts> = {};
  const all = { succeeded: 0, failed: 0, total: 0 };
  for (const sample of tools) {
    const name = sample.labels[labels.tool] ?? '';
    const entry = perTool[name] ?? { succeeded: 0, failed: 0, total: 0 };
    perTool[name] = entry;
    const succeeded = sample.labels[labels.toolOutcome] === spec.toolSuccess;
    for (const counts of [entry, all]) {
      if (succeeded) counts.succeeded = round(counts.succeeded + sample.value);
      else counts.failed = round(counts.failed + sample.value);
      counts.total = round(counts.total + sample.value);
    }
  }
  return { perTool: sorted(perTool), all };
}

function decisionCounts(label: string, decisions: VectorSample[] | null): DecisionCounts | null {
  if (decisions === null) return null;
  const decided = (value: string) => total(decisions.filter((s) => s.labels[label] === value)) ?? 0;
  return { accepted: decided('accept'), rejected: decided('reject'), total: total(decisions) ?? 0 };
}

/** The totals of a scope from the answers to {@link totalsQueries}. */
export function totalsOf(source: ResolvedSource, answers: Results<TotalsPlan>): Totals {
  const { cost, tokens, requests } = answers;
  const failure = requestErrorLabel(source.spec);
  const { model } = source.labels;
  const apiErrors =
    failure === null
      ? total(answers.apiErrors)
      : total(requests?.filter((s) => s.labels[failure.label] === failure.value) ?? null);
  const tools = toolCounts(source, answers.tools);
  const latencyCount = total(answers.durationCount);
  const models = new Set(
    [cost, tokens, requests].flatMap((samples) => (samples ?? []).map((s) => s.labels[model] ?? '')),
  );
  models.delete('');
  return {
    costUsd: total(cost),
    costByModel: byLabel(cost, model),
    tokens: total(tokens),
    tokensByType: tokensByType(source, tokens),
    apiRequests: total(requests),
    apiErrors,
    prompts: total(answers.prompts),
    activeTimeSeconds: total(answers.activeTime),
    toolExecutions: tools.all,
    tools: tools.perTool,
    toolDecisions: decisionCounts(source.labels.decision, answers.toolDecisions),
    averageApiLatencySeconds:
      latencyCount === null || latencyCount === 0
        ? null
        : round((total(answers.durationSum) ?? 0) / latencyCount),
    models: [...models].sort(),
  };
}

/** The usage fields a session shares with the user and organization totals. */
export function usageFields(sums: Totals) {
  return {
    costs: { totalUsd: sums.costUsd, byModel: sums.costByModel },
    tokens: { total: sums.tokens, byType: sums.tokensByType },
    activity: {
      apiRequests: sums.apiRequests,
      apiErrors: sums.apiErrors,
      prompts: sums.prompts,
      toolExecutions: sums.toolExecutions,
      toolDecisions: sums.toolDecisions,
      activeTimeSeconds: sums.activeTimeSeconds,
    },
    performance: { averageApiLatencySeconds: sums.averageApiLatencySeconds },
    tools: sums.tools,
    models: sums.models,
  };
}
