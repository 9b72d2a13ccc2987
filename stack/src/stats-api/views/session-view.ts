import { spansOf } from './activity.ts';
import { iso, NotFoundError, queryWindow, round, type ViewContext } from './context.ts';
import { execute } from './execute.ts';
import { activityQueries, sumQuery, totalsQueries } from './queries.ts';
import { total, totalsOf, usageFields } from './totals.ts';

const IDENTITY = ['user_id', 'user_email', 'organization_id'];

/** The usage of one session within the window: plan, execute (one request), shape. */
export async function sessionView(ctx: ViewContext, sessionId: string) {
  const scope = { session_id: sessionId };
  const plan = {
    ...activityQueries(ctx, scope, IDENTITY),
    ...totalsQueries(ctx, scope),
    lines: sumQuery(ctx, 'linesOfCode', scope, ['type']),
    commits: sumQuery(ctx, 'commits', scope),
    pullRequests: sumQuery(ctx, 'pullRequests', scope),
  };
  const answers = await execute(ctx, plan, { oneRequest: true });

  const spans = spansOf(answers.firsts, answers.lastChanges, IDENTITY);
  if (spans.length === 0)
    throw new NotFoundError(`no data for session ${JSON.stringify(sessionId)} in the window`);
  const first = Math.min(...spans.map((span) => span.first));
  const last = Math.max(...spans.map((span) => span.last));
  const identity = spans.find((span) => span.labels.user_id !== undefined)?.labels ?? {};
  const linesOf = (type: string) => total(answers.lines?.filter((s) => s.labels.type === type) ?? null);
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
    ...usageFields(totalsOf(ctx.source.spec, answers)),
    ...(ctx.source.spec.id === 'claude-code'
      ? {
          code: {
            linesAdded: linesOf('added'),
            linesRemoved: linesOf('removed'),
            commits: total(answers.commits),
            pullRequests: total(answers.pullRequests),
          },
        }
      : {}),
  };
}
