import { sanitizeLabelName } from '@meterline/sdk';
import type { VectorSample } from '../backend.ts';
import { ParameterError } from '../params.ts';
import type { OrganizationView, UserView } from '../view-schemas.ts';
import { lifeIn, type Span, spansOf } from './activity.ts';
import type { Scope } from './ask.ts';
import { NotFoundError, queryWindow, round, type ViewContext } from './context.ts';
import { ChangedSessions, execute } from './execute.ts';
import {
  activityQueries,
  boundsQueries,
  sessionsQuery,
  sumQuery,
  totalsQueries,
  windowQueries,
} from './queries.ts';
import { iso, secondsBetween } from './time.ts';
import { type Totals, total, totalsOf, usageFields } from './totals.ts';

type PeopleKind = 'user' | 'organization';

const LISTED = ['cost', 'tokens', 'requests'] as const;

/** Latest last change first; of equal ones, the earliest start. */
const latestFirst = (a: Span, b: Span) => b.last - a.last || a.first - b.first;

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

/** One span per session id, even if its series carry more than one user or organization id. */
function sessionsOf(spans: Span[], sessionLabel: string): Span[] {
  const bySession = new Map<string, Span>();
  for (const span of spans) {
    const sessionId = span.labels[sessionLabel];
    if (sessionId === undefined) continue;
    const seen = bySession.get(sessionId);
    bySession.set(
      sessionId,
      seen === undefined
        ? span
        : { ...seen, first: Math.min(seen.first, span.first), last: Math.max(seen.last, span.last) },
    );
  }
  return [...bySession.values()];
}

/**
 * What a user or an organization did in the window: totals over every session in the window (not only
 * the listed ones), the `limit` most recent sessions, and with `by` the totals per value of that attribute.
 */
async function peopleOf(ctx: ViewContext, kind: PeopleKind, id: string, limit: number, by?: string) {
  if (by !== undefined && !ctx.source.spec.breakdowns.includes(by))
    throw new ParameterError('by', `by=${by} is not available for source ${ctx.source.spec.id}`);
  const labels = ctx.source.labels;
  const scope = { [kind === 'user' ? labels.user : labels.organization]: id };
  const group = by === undefined ? undefined : sanitizeLabelName(by);
  const identity = [labels.session, labels.user, labels.organization];
  const plan = {
    // The sessions to list: those with the latest changes (every session, on the raw path).
    ...activityQueries(ctx, scope, identity, limit),
    ...windowQueries(ctx, scope, identity),
    earliestStart: boundsQueries(ctx, scope).starts,
    sessionCount: sessionsQuery(ctx, scope, []),
    users: activityQueries(ctx, scope, [labels.user]).lastChanges,
    organizations: activityQueries(ctx, scope, [labels.organization]).lastChanges,
    ...totalsQueries(ctx, scope),
    ...(group === undefined
      ? {}
      : {
          groupCost: sumQuery(ctx, 'cost', scope, [group]),
          groupTokens: sumQuery(ctx, 'tokens', scope, [group]),
          groupRequests: sumQuery(ctx, 'requests', scope, [group]),
          groupSessions: sessionsQuery(ctx, scope, [group]),
        }),
  };
  // The listed sessions' plan reads which of them changed lately from this plan's answer for the scope.
  const changed = new ChangedSessions();
  const answers = await execute(ctx, plan, { oneRequest: false, changed });
  const [first, last] = [answers.windowFirst?.[0]?.value, answers.windowLast?.[0]?.value];
  // Claude Code with OTEL_METRICS_INCLUDE_SESSION_ID=false sends no session ids: its usage still counts,
  // with no sessions to list.
  if (first === undefined || last === undefined)
    throw new NotFoundError(`no data for ${kind} ${JSON.stringify(id)} in the window`);
  const sessionCount = total(answers.sessionCount) ?? 0;
  const spans = spansOf(answers.firsts, answers.lastChanges, identity);
  const recent = sessionsOf(spans, labels.session).sort(latestFirst).slice(0, limit);

  // The listed sessions' own sums: over the whole scope when every session is listed, else one small query
  // per listed session (sent as unions), which spares a pass over all of a large organization's series.
  const everySession = recent.length === sessionCount;
  const scopes: Scope[] = everySession
    ? [scope]
    : recent.map((session) => ({ ...scope, [labels.session]: session.labels[labels.session] as string }));
  const listedPlan = Object.fromEntries(
    scopes.flatMap((scoped, i) => {
      const { starts, ends } = boundsQueries(ctx, scoped, [labels.session]);
      return [
        ...LISTED.map((measure) => [`${measure}:${i}`, sumQuery(ctx, measure, scoped, [labels.session])]),
        [`starts:${i}`, starts],
        [`ends:${i}`, ends],
      ];
    }),
  );
  const listed = await execute(ctx, listedPlan, { oneRequest: !everySession, changed });
  const sampleOf = (answer: string, sessionId: string) =>
    scopes
      .flatMap((_, i) => listed[`${answer}:${i}`] ?? [])
      .find((sample) => sample.labels[labels.session] === sessionId);
  const sessionValue = (measure: (typeof LISTED)[number], sessionId: string) => {
    if (ctx.source.names[measure] === undefined) return null;
    return round(sampleOf(measure, sessionId)?.value ?? 0);
  };
  const lives = recent
    .map((span) => {
      const id = span.labels[labels.session] as string;
      const bounds = { start: sampleOf('starts', id)?.value, end: sampleOf('ends', id)?.value };
      return lifeIn(span, bounds, ctx.window);
    })
    .sort(latestFirst);
  // Sessions without recorded bounds (usage recorded without startSession) still count by their samples.
  const earliest = { start: answers.earliestStart?.[0]?.value };
  const firstSession = Math.min(first, lifeIn({ labels: {}, first, last }, earliest, ctx.window).first);

  const sums = totalsOf(ctx.source, answers);
  const valuesOf = (samples: VectorSample[] | null, label: string) =>
    new Set((samples ?? []).flatMap((sample) => sample.labels[label] ?? []));
  const breakdown =
    by === undefined || group === undefined
      ? undefined
      : breakdownOf(by, group, {
          cost: answers.groupCost ?? null,
          tokens: answers.groupTokens ?? null,
          requests: answers.groupRequests ?? null,
          sessions: answers.groupSessions ?? null,
        });
  const { activity: _, ...usage } = usageFields(sums);
  return {
    users: valuesOf(answers.users, labels.user),
    organizations: valuesOf(answers.organizations, labels.organization),
    sums,
    query: queryWindow(ctx.window),
    summary: {
      sessions: sessionCount,
      firstSession: iso(firstSession),
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
    breakdown: breakdown === undefined ? {} : { breakdown },
    usage,
    sessions: lives.map((session) => {
      const sessionId = session.labels[labels.session] as string;
      return {
        userId: session.labels[labels.user] ?? null,
        listed: {
          id: sessionId,
          start: iso(session.first),
          end: iso(session.last),
          durationSeconds: secondsBetween(session.first, session.last),
          costUsd: sessionValue('cost', sessionId),
          tokens: sessionValue('tokens', sessionId),
          apiRequests: sessionValue('requests', sessionId),
        },
      };
    }),
  };
}

/** The usage of one user, with the organizations their sessions belong to. */
export async function userView(ctx: ViewContext, id: string, limit: number, by?: string): Promise<UserView> {
  const people = await peopleOf(ctx, 'user', id, limit, by);
  return {
    source: ctx.source.spec.id,
    user: { id, organizationIds: [...people.organizations].sort() },
    query: people.query,
    summary: people.summary,
    totals: people.totals,
    averagesPerSession: averages(people.sums, people.summary.sessions),
    ...people.breakdown,
    ...people.usage,
    sessions: people.sessions.map((session) => session.listed),
  };
}

/** The usage of one organization, with averages per user and each listed session's user. */
export async function organizationView(
  ctx: ViewContext,
  id: string,
  limit: number,
  by?: string,
): Promise<OrganizationView> {
  const people = await peopleOf(ctx, 'organization', id, limit, by);
  return {
    source: ctx.source.spec.id,
    organization: { id },
    query: people.query,
    summary: { ...people.summary, users: people.users.size },
    totals: people.totals,
    averagesPerSession: averages(people.sums, people.summary.sessions),
    averagesPerUser: averages(people.sums, people.users.size),
    ...people.breakdown,
    ...people.usage,
    sessions: people.sessions.map(({ listed, userId }) => ({ ...listed, userId })),
  };
}

/**
 * Totals per value of one attribute (a team, a department, a model): cost, tokens, requests and sessions.
 * Series without the attribute form the group whose value is null. Sorted by cost, highest first.
 */
function breakdownOf(
  by: string,
  label: string,
  answers: Record<'cost' | 'tokens' | 'requests' | 'sessions', VectorSample[] | null>,
) {
  interface Group {
    costUsd: number | null;
    tokens: number | null;
    apiRequests: number | null;
    sessions: number;
  }
  const groups = new Map<string, Group>();
  const fields = [
    ['cost', 'costUsd'],
    ['tokens', 'tokens'],
    ['requests', 'apiRequests'],
    ['sessions', 'sessions'],
  ] as const;
  for (const [answer, field] of fields) {
    for (const sample of answers[answer] ?? []) {
      const value = sample.labels[label] ?? '';
      const entry = groups.get(value) ?? {
        costUsd: answers.cost === null ? null : 0,
        tokens: answers.tokens === null ? null : 0,
        apiRequests: answers.requests === null ? null : 0,
        sessions: 0,
      };
      groups.set(value, entry);
      entry[field] = round((entry[field] ?? 0) + sample.value);
    }
  }
  return {
    by,
    groups: [...groups.entries()]
      .map(([value, entry]) => ({ value: value === '' ? null : value, ...entry }))
      .sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0) || String(a.value).localeCompare(String(b.value))),
  };
}
