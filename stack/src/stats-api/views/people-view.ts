import { activity, type Span } from './activity.ts';
import { round, sum, type Totals, totals, type ViewContext } from './measures.ts';
import { QueryBatch } from './query-batch.ts';
import { iso, NotFoundError, queryWindow, usageFields } from './session-view.ts';

export type PeopleKind = 'user' | 'organization';

const SCOPE_LABEL: Record<PeopleKind, string> = { user: 'user_id', organization: 'organization_id' };

function per(value: number | null, count: number): number | null {
  return value === null || count === 0 ? null : round(value / count);
}

function averages(sums: Totals, count: number) {
  return {
    costUsd: per(sums.costUsd, count),
    tokens: per(sums.tokens, count),
    apiRequests: per(sums.apiRequests, count),
    prompts: per(sums.prompts, count),
    toolExecutions: per(sums.toolExecutions?.total ?? null, count),
    activeTimeSeconds: per(sums.activeTimeSeconds, count),
  };
}

/**
 * The usage of a user or an organization: totals over every session in the window (not only the listed
 * ones), averages per session (and per user for an organization), and the `limit` most recent sessions.
 */
export async function peopleView(ctx: ViewContext, kind: PeopleKind, id: string, limit: number) {
  const scope = { [SCOPE_LABEL[kind]]: id };
  const batch = new QueryBatch(ctx, { oneRequest: false });
  const readSessions = activity(batch, ctx, scope, ['session_id', 'user_id', 'organization_id']);
  const readSums = totals(batch, ctx, scope);
  await batch.run();
  const [sessions, sums] = [readSessions(), readSums()];
  // One entry per session, even if its series carry more than one user or organization id.
  const bySession = new Map<string, Span>();
  for (const session of sessions) {
    const sessionId = session.labels.session_id;
    if (sessionId === undefined) continue;
    const seen = bySession.get(sessionId);
    if (seen === undefined) bySession.set(sessionId, session);
    else
      bySession.set(sessionId, {
        ...seen,
        first: Math.min(seen.first, session.first),
        last: Math.max(seen.last, session.last),
      });
  }
  // Claude Code with OTEL_METRICS_INCLUDE_SESSION_ID=false sends no session ids: its usage still counts,
  // with no sessions to list.
  if (sessions.length === 0)
    throw new NotFoundError(`no data for ${kind} ${JSON.stringify(id)} in the window`);
  const known = [...bySession.values()];
  const recent = [...known].sort((a, b) => b.last - a.last || a.first - b.first).slice(0, limit);
  // The listed sessions' own sums: over the whole scope when every session is listed, else one small query
  // per listed session (sent as unions), which spares a pass over all of a large organization's series.
  const everySession = recent.length === known.length;
  const listed = new QueryBatch(ctx, { oneRequest: !everySession });
  const scopes = everySession
    ? [scope]
    : recent.map((session) => ({ ...scope, session_id: session.labels.session_id as string }));
  const perSession = (measure: 'cost' | 'tokens' | 'requests') => {
    const readers = scopes.map((scoped) => sum(listed, ctx, measure, scoped, ['session_id']));
    return () => {
      const answers = readers.map((read) => read());
      return answers[0] === null ? null : answers.flatMap((answer) => answer ?? []);
    };
  };
  const [readCosts, readTokens, readRequests] = [
    perSession('cost'),
    perSession('tokens'),
    perSession('requests'),
  ];
  await listed.run();
  const [costs, tokens, requests] = [readCosts(), readTokens(), readRequests()];
  const sessionValue = (samples: typeof costs, sessionId: string) =>
    samples === null ? null : round(samples.find((s) => s.labels.session_id === sessionId)?.value ?? 0);
  const users = new Set(sessions.map((s) => s.labels.user_id).filter((user) => user !== undefined));
  const organizations = new Set(
    sessions.map((s) => s.labels.organization_id).filter((org) => org !== undefined),
  );
  const first = Math.min(...sessions.map((s) => s.first));
  const last = Math.max(...sessions.map((s) => s.last));
  const sessionCount = known.length;
  const usage = usageFields(sums);
  return {
    source: ctx.source.spec.id,
    ...(kind === 'user'
      ? { user: { id, organizationIds: [...organizations].sort() } }
      : { organization: { id } }),
    query: queryWindow(ctx.window),
    summary: {
      sessions: sessionCount,
      ...(kind === 'organization' ? { users: users.size } : {}),
      firstSession: iso(first),
      lastSession: iso(last),
      activeTimeSeconds: sums.activeTimeSeconds,
    },
    totals: {
      costUsd: sums.costUsd,
      tokens: sums.tokens,
      apiRequests: sums.apiRequests,
      prompts: sums.prompts,
      toolExecutions: sums.toolExecutions?.total ?? null,
    },
    averagesPerSession: averages(sums, sessionCount),
    ...(kind === 'organization' ? { averagesPerUser: averages(sums, users.size) } : {}),
    costs: usage.costs,
    tokens: usage.tokens,
    performance: usage.performance,
    tools: usage.tools,
    models: usage.models,
    sessions: recent.map((session) => {
      const sessionId = session.labels.session_id as string;
      return {
        id: sessionId,
        ...(kind === 'organization' ? { userId: session.labels.user_id ?? null } : {}),
        start: iso(session.first),
        end: iso(session.last),
        durationSeconds: round(session.last - session.first),
        costUsd: sessionValue(costs, sessionId),
        tokens: sessionValue(tokens, sessionId),
        apiRequests: sessionValue(requests, sessionId),
      };
    }),
  };
}
