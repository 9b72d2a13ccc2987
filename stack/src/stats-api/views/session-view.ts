import type { Window } from '../params.ts';
import { activity } from './activity.ts';
import { round, sum, type Totals, total, totals, type ViewContext } from './measures.ts';
import { QueryBatch } from './query-batch.ts';

/** Thrown when the id has no data in the window: answered with 404. */
export class NotFoundError extends Error {}

export function iso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

export function queryWindow(window: Window): { start: string; end: string } {
  return { start: iso(window.start), end: iso(window.end) };
}

/** The usage of one session within the window. */
export async function sessionView(ctx: ViewContext, sessionId: string) {
  const scope = { session_id: sessionId };
  const batch = new QueryBatch(ctx, { oneRequest: true });
  const readSpans = activity(batch, ctx, scope, ['user_id', 'user_email', 'organization_id']);
  const readSums = totals(batch, ctx, scope);
  const readLines = sum(batch, ctx, 'linesOfCode', scope, ['type']);
  const readCommits = sum(batch, ctx, 'commits', scope);
  const readPullRequests = sum(batch, ctx, 'pullRequests', scope);
  await batch.run();
  const [spans, sums, lines] = [readSpans(), readSums(), readLines()];
  if (spans.length === 0)
    throw new NotFoundError(`no data for session ${JSON.stringify(sessionId)} in the window`);
  const first = Math.min(...spans.map((span) => span.first));
  const last = Math.max(...spans.map((span) => span.last));
  const identity = spans.find((span) => span.labels.user_id !== undefined)?.labels ?? {};
  const linesOf = (type: string) => total(lines?.filter((s) => s.labels.type === type) ?? null);
  return {
    source: ctx.source.spec.id,
    session: {
      id: sessionId,
      userId: identity.user_id ?? null,
      // Claude Code's own metrics carry user.email; the collector's event-derived ones may not.
      userEmail: spans.find((span) => span.labels.user_email !== undefined)?.labels.user_email ?? null,
      organizationId: identity.organization_id ?? null,
    },
    query: queryWindow(ctx.window),
    window: { start: iso(first), end: iso(last), durationSeconds: round(last - first) },
    ...usageFields(sums),
    ...(ctx.source.spec.id === 'claude-code'
      ? {
          code: {
            linesAdded: linesOf('added'),
            linesRemoved: linesOf('removed'),
            commits: total(readCommits()),
            pullRequests: total(readPullRequests()),
          },
        }
      : {}),
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
