import { oneOf } from '@meterline/sdk';
import type { VectorSample } from '../backend.ts';
import type { Window } from '../params.ts';
import { idBatches } from '../summaries/id-batches.ts';
import type { Coverage } from '../summaries/summary-index.ts';
import { type Ask, mergeAnswers, promqlOf, type Scope } from './ask.ts';
import type { ViewContext } from './context.ts';
import type { Plan } from './queries.ts';
import { presenceNames } from './series.ts';

/**
 * Sessions found changed after the summaries' end (`until`), per scope: a view with several plans asks
 * once per scope, and a scope narrowed to one session is read from its wider scope's answer.
 */
export class ChangedSessions {
  /** The summaries' end the sets were found from: each holds for this end and any later one. */
  private until = Number.NaN;
  private readonly byScope = new Map<string, ReadonlySet<string>>();

  /** What is known for a scope, given summaries up to `until`; a set found from an older end still holds. */
  known(scope: Scope, sessionLabel: string, until: number): ReadonlySet<string> | undefined {
    if (!(until >= this.until)) return undefined;
    const exact = this.byScope.get(JSON.stringify(scope));
    if (exact !== undefined) return exact;
    const { [sessionLabel]: session, ...wider } = scope;
    if (session === undefined) return undefined;
    const sessions = this.byScope.get(JSON.stringify(wider));
    return sessions === undefined ? undefined : new Set(sessions.has(session) ? [session] : []);
  }

  /** Keeps what was found for a scope from summaries up to `until`; an earlier end (rebuilt) forgets all. */
  record(scope: Scope, until: number, sessions: ReadonlySet<string>): void {
    if (!(this.until <= until)) this.byScope.clear();
    this.until = until;
    this.byScope.set(JSON.stringify(scope), sessions);
  }
}

/** A plan's answers under the plan's own names; null for a query the source could not make. */
export type Results<P extends Plan> = {
  [K in keyof P]: P[K] extends Ask ? VectorSample[] : VectorSample[] | null;
};

/**
 * Runs every ask of a plan over the window. With summaries covering the source (docs/design.md §8), the
 * sessions the window holds whole are answered from them; the sessions it cuts, and those with changes
 * after the summaries' end, are asked of the back end over the window, by id. Without summaries every ask
 * goes to the back end over the whole window. Groups whose value is 0 did nothing in the window (a series
 * seen only before it increases by 0) and are left out.
 *
 * Without summaries, `oneRequest` sends the queries as one union, or as few as the back end's query
 * length allows ({@link Backend.queryAll}); otherwise they go out as concurrent requests. Measured on
 * VictoriaMetrics 1.79 and 1.131 (BENCHMARKS.md): a session's queries touch a few series each, so one
 * request costs less CPU on both sides than eleven; a user's or organization's queries scan thousands of
 * series each, and concurrent requests finish sooner and cost VictoriaMetrics less CPU than a union, whose
 * parts it evaluates one after another. What the summaries leave is small: one request. `changed` carries
 * what one plan learnt about sessions changed after the summaries' end to the view's next plan.
 */
export async function execute<P extends Plan>(
  ctx: ViewContext,
  plan: P,
  { oneRequest, changed = new ChangedSessions() }: { oneRequest: boolean; changed?: ChangedSessions },
): Promise<Results<P>> {
  const entries = Object.entries(plan).filter((entry): entry is [string, Ask] => entry[1] !== null);
  const asks = entries.map(([, ask]) => ask);
  const coverage = ctx.summaries?.coverage(ctx.source);
  const covered =
    coverage !== undefined &&
    ctx.window.start < coverage.until &&
    asks.every((ask) => coverage.summaries.answers(ask));
  const parts = covered
    ? await fromSummaries(ctx, coverage, asks, changed)
    : await rawAnswers(
        ctx,
        asks.map((ask) => promqlOf(ask, ctx.window)),
        oneRequest,
      ).then((answers) => answers.map((answer) => [answer]));
  const results: Record<string, VectorSample[] | null> = Object.fromEntries(
    Object.keys(plan).map((name) => [name, null]),
  );
  entries.forEach(([name, ask], i) => {
    results[name] = mergeAnswers(ask.kind, parts[i] ?? []).filter((s) => s.value !== 0);
  });
  return results as Results<P>;
}

/** Each ask's parts: the summaries' answer, and the back end's for the sessions they leave. */
async function fromSummaries(
  ctx: ViewContext,
  coverage: Coverage,
  asks: Ask[],
  changed: ChangedSessions,
): Promise<VectorSample[][][]> {
  const { window, source } = ctx;
  const later = await changedAfter(ctx, coverage, asks, changed);
  const stored = asks.map((ask) =>
    coverage.summaries.answer(ask, window, coverage.until, later.get(scopeKey(ask)) ?? new Set()),
  );
  const queries = asks.flatMap((ask, i) => {
    const changedLater = later.get(scopeKey(ask)) ?? new Set();
    const ids = [...(stored[i]?.cut ?? []), ...changedLater];
    return idRanges(ids, changedLater, coverage, window).map(({ batch, range }) => ({
      ask: i,
      query: promqlOf(ask, range, [oneOf(source.labels.session, batch)], window.end),
    }));
  });
  const answers = await rawAnswers(
    ctx,
    queries.map(({ query }) => query),
    true,
  );
  const parts = stored.map(({ samples }) => [samples]);
  queries.forEach(({ ask }, i) => {
    parts[ask]?.push(answers[i] ?? []);
  });
  return parts;
}

const scopeKey = (ask: Ask) => JSON.stringify(ask.scope);

/**
 * Sessions left to the back end, in batches, each with the part of the window that holds what it asks of
 * them: from just before the first sample the summaries know of (the window's start for a session they do
 * not know), to the last change they know of for a session with none since (the window's end otherwise),
 * as later samples of such a session repeat its totals. The back end then reads the days of its index
 * those sessions were active on, not the whole window's.
 */
function idRanges(
  ids: readonly string[],
  changedLater: ReadonlySet<string>,
  { summaries }: Coverage,
  window: Window,
): { batch: string[]; range: Window }[] {
  const spans = ids.map((id) => {
    const [first, last] = [summaries.firstOf(id), summaries.lastChangeOf(id)];
    const start = Number.isNaN(first) ? window.start : Math.max(window.start, first - 0.001);
    const open = changedLater.has(id) || !(last <= window.end);
    return { id, start, end: open ? window.end : last };
  });
  // Like ranges share a batch: open sessions first, then by start.
  spans.sort((a, b) => Number(b.end === window.end) - Number(a.end === window.end) || a.start - b.start);
  const byId = new Map(spans.map((span) => [span.id, span]));
  return idBatches(spans.map((span) => span.id)).map((batch) => {
    const members = batch.map((id) => byId.get(id) as (typeof spans)[number]);
    return {
      batch,
      range: {
        start: Math.min(...members.map((span) => span.start)),
        end: Math.max(...members.map((span) => span.end)),
      },
    };
  });
}

/** Per scope of the asks, the sessions with changes after the summaries' end, up to the window's end. */
async function changedAfter(
  ctx: ViewContext,
  coverage: Coverage,
  asks: Ask[],
  changed: ChangedSessions,
): Promise<Map<string, ReadonlySet<string>>> {
  const { window, source } = ctx;
  const later = new Map<string, ReadonlySet<string>>();
  if (window.end <= coverage.until) return later;
  const scopes = [...new Map(asks.map((ask) => [scopeKey(ask), ask.scope])).entries()];
  const unknown: [string, Scope][] = [];
  for (const [key, scope] of scopes) {
    const known = changed.known(scope, source.labels.session, coverage.until);
    if (known === undefined) unknown.push([key, scope]);
    else later.set(key, known);
  }
  const after = { start: coverage.until, end: window.end };
  const names = presenceNames(source);
  const answers = await rawAnswers(
    ctx,
    unknown.map(([, scope]) =>
      promqlOf({ kind: 'lastChange', names, scope, labels: [source.labels.session] }, after),
    ),
    true,
  );
  unknown.forEach(([key, scope], i) => {
    const sessions = new Set((answers[i] ?? []).map((sample) => sample.labels[source.labels.session] ?? ''));
    later.set(key, sessions);
    changed.record(scope, coverage.until, sessions);
  });
  return later;
}

/** Sends queries evaluated at the window's end: as one union, or as concurrent requests. */
function rawAnswers({ backend, window }: ViewContext, queries: string[], oneRequest: boolean) {
  if (queries.length === 0) return Promise.resolve([]);
  return oneRequest
    ? backend.queryAll(queries, window.end)
    : Promise.all(queries.map((query) => backend.query(query, window.end)));
}
