import type { SessionView } from '../view-schemas.ts';
import { lifeIn, spansOf } from './activity.ts';
import { NotFoundError, queryWindow, type ViewContext } from './context.ts';
import { execute } from './execute.ts';
import { activityQueries, boundsQueries, sumQuery, totalsQueries } from './queries.ts';
import { iso, secondsBetween } from './time.ts';
import { total, totalsOf, usageFields } from './totals.ts';

/** The usage of one session within the window: plan, execute (one request), shape. */
export async function sessionView(ctx: ViewContext, sessionId: string): Promise<SessionView> {
  const labels = ctx.source.labels;
  const scope = { [labels.session]: sessionId };
  const identity = [labels.user, labels.userEmail, labels.organization];
  const plan = {
    ...activityQueries(ctx, scope, identity),
    ...boundsQueries(ctx, scope),
    ...totalsQueries(ctx, scope),
    lines: sumQuery(ctx, 'linesOfCode', scope, [labels.linesType]),
    commits: sumQuery(ctx, 'commits', scope),
    pullRequests: sumQuery(ctx, 'pullRequests', scope),
  };
  const answers = await execute(ctx, plan, { oneRequest: true });

  const spans = spansOf(answers.firsts, answers.lastChanges, identity);
  if (spans.length === 0)
    throw new NotFoundError(`no data for session ${JSON.stringify(sessionId)} in the window`);
  const { first, last } = lifeIn(
    {
      labels: {},
      first: Math.min(...spans.map((span) => span.first)),
      last: Math.max(...spans.map((span) => span.last)),
    },
    { start: answers.starts?.[0]?.value, end: answers.ends?.[0]?.value },
    ctx.window,
  );
  const who = spans.find((span) => span.labels[labels.user] !== undefined)?.labels ?? {};
  const linesOf = (type: string) =>
    total(answers.lines?.filter((s) => s.labels[labels.linesType] === type) ?? null);
  return {
    source: ctx.source.spec.id,
    session: {
      id: sessionId,
      userId: who[labels.user] ?? null,
      // Claude Code's own metrics carry user.email; the collector's event-derived ones may not.
      userEmail: spans.flatMap((span) => span.labels[labels.userEmail] ?? [])[0] ?? null,
      organizationId: who[labels.organization] ?? null,
    },
    query: queryWindow(ctx.window),
    window: { start: iso(first), end: iso(last), durationSeconds: secondsBetween(first, last) },
    ...usageFields(totalsOf(ctx.source, answers)),
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
