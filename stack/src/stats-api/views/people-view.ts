import { sanitizeLabelName } from '@meterline/sdk';
import type { VectorSample } from '../backend.ts';
import { ParameterError } from '../params.ts';
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
export async function peopleView(ctx: ViewContext, kind: PeopleKind, id: string, limit: number, by?: string) {
  const scope = { [SCOPE_LABEL[kind]]: id };
  if (by !== undefined && !ctx.source.spec.breakdowns.includes(by))
    throw new ParameterError('by', `by=${by} is not available for source ${ctx.source.spec.id}`);
  const byLabel = by === undefined ? [] : [sanitizeLabelName(by)];
  const batch = new QueryBatch(ctx, { oneRequest: false });
  const readSessions = activity(batch, ctx, scope, ['session_id', 'user_id', 'organization_id', ...byLabel]);
  const readSums = totals(batch, ctx, scope);
  const readGroups = byLabel.map((label) => ({
    label,
    cost: sum(batch, ctx, 'cost', scope, [label]),
    tokens: sum(batch, ctx, 'tokens', scope, [label]),
    requests: sum(batch, ctx, 'requests', scope, [label]),
  }));
  await batch.run();
  const [sessions, sums] = [readSessions(), readSums()];
  const breakdown = readGroups.map((read) =>
    breakdownOf(by as string, read.label, sessions, read.cost(), read.tokens(), read.requests()),
  )[0];
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
      apiErrors: sums.apiErrors,
      prompts: sums.prompts,
      toolExecutions: sums.toolExecutions?.total ?? null,
    },
    averagesPerSession: averages(sums, sessionCount),
    ...(kind === 'organization' ? { averagesPerUser: averages(sums, users.size) } : {}),
    ...(breakdown === undefined ? {} : { breakdown }),
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

/**
 * Totals per value of one attribute (a team, a department, a model): cost, tokens, requests and sessions.
 * Series without the attribute form the group whose value is null. Sorted by cost, highest first.
 */
function breakdownOf(
  by: string,
  label: string,
  spans: Span[],
  cost: VectorSample[] | null,
  tokens: VectorSample[] | null,
  requests: VectorSample[] | null,
) {
  const groups = new Map<
    string,
    { costUsd: number | null; tokens: number | null; apiRequests: number | null; sessions: Set<string> }
  >();
  const group = (labels: Record<string, string>) => {
    const value = labels[label] ?? '';
    const entry = groups.get(value) ?? {
      costUsd: cost === null ? null : 0,
      tokens: tokens === null ? null : 0,
      apiRequests: requests === null ? null : 0,
      sessions: new Set<string>(),
    };
    groups.set(value, entry);
    return entry;
  };
  for (const sample of cost ?? []) {
    const entry = group(sample.labels);
    entry.costUsd = round((entry.costUsd ?? 0) + sample.value);
  }
  for (const sample of tokens ?? []) {
    const entry = group(sample.labels);
    entry.tokens = round((entry.tokens ?? 0) + sample.value);
  }
  for (const sample of requests ?? []) {
    const entry = group(sample.labels);
    entry.apiRequests = round((entry.apiRequests ?? 0) + sample.value);
  }
  for (const span of spans) {
    const sessionId = span.labels.session_id;
    if (sessionId !== undefined) group(span.labels).sessions.add(sessionId);
  }
  return {
    by,
    groups: [...groups.entries()]
      .map(([value, entry]) => ({
        value: value === '' ? null : value,
        costUsd: entry.costUsd,
        tokens: entry.tokens,
        apiRequests: entry.apiRequests,
        sessions: entry.sessions.size,
      }))
      .sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0) || String(a.value).localeCompare(String(b.value))),
  };
}
