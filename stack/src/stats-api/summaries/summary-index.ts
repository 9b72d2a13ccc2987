import { oneOf } from '@meterline/sdk';
import type { Backend } from '../backend.ts';
import type { ResolvedSource, SourceId, SourceResolver } from '../sources.ts';
import { type Ask, promqlOf } from '../views/ask.ts';
import { activityLabels, askLabels, boundNames, presenceNames, summedNames } from '../views/series.ts';
import { iso } from '../views/time.ts';
import { idBatches } from './id-batches.ts';
import { SessionSummaries } from './session-summaries.ts';

/** The longest range one catch-up request reads while the ranges before it were empty. */
const MAX_STEP_SECONDS = 7 * 86_400;

export interface SummaryIndexOptions {
  backend: Backend;
  resolver: SourceResolver;
  sources: readonly SourceId[];
  /**
   * How late a sample may arrive after its timestamp (export intervals, collector batching and retries):
   * the summaries stay this far behind now, and the rest of a window is asked raw. Default 300000, the
   * same bound VictoriaMetrics' own result cache assumes (`-search.cacheTimestampOffset`).
   */
  settleMillis?: number;
  /** How often the summaries catch up. Default 30000. */
  intervalMillis?: number;
  /** The back end's retention period: the summaries reach back this far. Default 30 days. */
  retentionMillis?: number;
  /** The longest range one catch-up request asks about. Default 3600000. */
  stepMillis?: number;
  /** Told when a catch-up fails; it is tried again at the next interval. Default: console.warn. */
  onError?: (error: Error) => void;
  /** The clock, in Unix seconds. */
  now?: () => number;
}

/** One source's summaries and the time they cover: (`from`, `until`]. */
export interface Coverage {
  summaries: SessionSummaries;
  from: number;
  until: number;
}

interface SourceState extends Coverage {
  signature: string;
  source: ResolvedSource;
}

/**
 * Keeps every source's {@link SessionSummaries} up to date from the back end (docs/design.md §8): on
 * start it reads the retention period range by range, then every interval the range since. State is only
 * derived, so a restart rebuilds it, and a range the back end failed to answer is asked again until it
 * does. When the source's series names change, its summaries are rebuilt.
 */
export class SummaryIndex {
  private readonly options: Required<Omit<SummaryIndexOptions, 'onError'>> &
    Pick<SummaryIndexOptions, 'onError'>;
  private readonly states = new Map<SourceId, SourceState>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor({
    settleMillis = 300_000,
    intervalMillis = 30_000,
    retentionMillis = 30 * 86_400_000,
    stepMillis = 3_600_000,
    now = () => Date.now() / 1000,
    ...rest
  }: SummaryIndexOptions) {
    this.options = { settleMillis, intervalMillis, retentionMillis, stepMillis, now, ...rest };
  }

  /** The summaries that answer for this source as the view resolved it, if they are built for it. */
  coverage(source: ResolvedSource): Coverage | undefined {
    const state = this.states.get(source.spec.id);
    return state?.signature === signatureOf(source) && state.until > state.from ? state : undefined;
  }

  /** Per source with data, what the summaries cover and how many sessions they hold. */
  status(): Record<string, { from: string; until: string; sessions: number }> {
    return Object.fromEntries(
      [...this.states].flatMap(([id, state]) =>
        Object.keys(state.source.names).length === 0
          ? []
          : [[id, { from: iso(state.from), until: iso(state.until), sessions: state.summaries.size }]],
      ),
    );
  }

  /** Brings every source up to now minus the settle time; concurrent calls share one pass. */
  catchUp(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Catches up now and then every interval, until {@link stop}. */
  start(): void {
    const { intervalMillis, onError = (error) => console.warn(`summaries: ${error.message}`) } = this.options;
    const tick = () => {
      this.catchUp()
        .catch(onError)
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMillis).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<void> {
    const { resolver, sources, settleMillis, retentionMillis, stepMillis, now } = this.options;
    for (const id of sources) {
      const source = await resolver.resolve(id);
      const target = now() - settleMillis / 1000;
      let state = this.states.get(id);
      if (state === undefined || state.signature !== signatureOf(source)) {
        const { labels } = source;
        const from = now() - retentionMillis / 1000;
        const summaries = new SessionSummaries(labels.session, askLabels(source), activityLabels(source), [
          labels.user,
          labels.organization,
        ]);
        state = { source, signature: signatureOf(source), summaries, from, until: from };
        this.states.set(id, state);
      }
      if (Object.keys(source.names).length === 0) continue;
      // A range without samples doubles the next one, up to a week: an empty retention period is read in
      // a few requests, not one per hour.
      for (let step = stepMillis / 1000; state.until < target; ) {
        const end = Math.min(target, state.until + step);
        const sessions = await this.add(state, { start: state.until, end });
        state.until = end;
        step = sessions === 0 ? Math.min(2 * step, MAX_STEP_SECONDS) : stepMillis / 1000;
      }
      state.summaries.forgetBefore(now() - retentionMillis / 1000);
    }
  }

  /**
   * Adds what the source's series did in `range`: the activity of every session with samples in it, then
   * those sessions' values (sums and bounds) over their whole life up to the range's end, which replace
   * what they held.
   * Returns how many sessions had samples.
   */
  private async add(state: SourceState, range: { start: number; end: number }): Promise<number> {
    const { summaries, source } = state;
    const { backend } = this.options;
    const { labels } = summaries;
    const presence = presenceNames(source);
    const activity = (['first', 'lastChange'] as const).map(
      (kind): Ask => ({ kind, names: presence, scope: {}, labels: summaries.activityLabels }),
    );
    const active = await backend.queryAll(
      activity.map((ask) => promqlOf(ask, range)),
      range.end,
    );
    summaries.addActivity('first', active[0] ?? []);
    summaries.addActivity('lastChange', active[1] ?? []);
    const ids = [...new Set((active[0] ?? []).map((sample) => sample.labels[source.labels.session] ?? ''))];
    for (const batch of idBatches(ids)) {
      // From just before the batch's earliest first sample: no base before a session's first sample.
      const from = Math.min(...batch.map((id) => summaries.firstOf(id))) - 0.001;
      const life = { start: Math.min(from, range.start), end: range.end };
      const matcher = [oneOf(source.labels.session, batch)];
      const asks: Ask[] = [
        ...summedNames(source).map((name) => ({ kind: 'sum' as const, names: [name], scope: {}, labels })),
        ...boundNames(source).map(([name, kind]) => ({ kind, names: [name], scope: {}, labels })),
      ];
      const values = await backend.queryAll(
        asks.map((ask) => promqlOf(ask, life, matcher)),
        range.end,
      );
      summaries.setValues(batch, new Map(asks.map((ask, i) => [ask.names[0] as string, values[i] ?? []])));
    }
    return ids.length;
  }
}

function signatureOf(source: ResolvedSource): string {
  return JSON.stringify(Object.entries(source.names).sort());
}
