import { type ClaudeCodeEvent, claudeCodeImportLines, VictoriaMetrics } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsApi } from '../app.ts';
import { Backend } from '../backend.ts';
import { SOURCE_IDS, SourceResolver } from '../sources.ts';
import { SummaryIndex } from './summary-index.ts';

// What the summaries add to the raw path: data that arrives late, a back end that restarts, a window that
// ends now, a stats API that restarts. Each answer is checked against the sums sent and against the raw
// path asked the same question at the same instant.

const start = Math.floor(Date.now() / 1000 / 60) * 60;
const SETTLE_SECONDS = 300;
const request = (costUsd: number) => ({
  model: 'claude-opus-4-5',
  costUsd,
  tokens: { input: 100, output: 10, cacheRead: 0, cacheCreation: 0 },
  durationMs: 500,
});
const at = (seconds: number, session: string, costUsd: number): ClaudeCodeEvent => ({
  at: start + seconds,
  session,
  user: 'ada',
  org: 'acme',
  request: request(costUsd),
});

describe('summaries over live data', () => {
  let vm: VictoriaMetrics;
  let clock = start;
  const events: ClaudeCodeEvent[] = [at(-7200, 's1', 0.5), at(-7000, 's1', 0.25)];
  let summaries: SummaryIndex;
  const index = (backend: Backend) =>
    new SummaryIndex({
      backend,
      resolver: new SourceResolver(backend),
      sources: SOURCE_IDS,
      settleMillis: SETTLE_SECONDS * 1000,
      now: () => clock,
    });

  /** Sends every event so far again: VictoriaMetrics keeps each cumulative sample once per timestamp. */
  const send = (...more: ClaudeCodeEvent[]) => {
    events.push(...more);
    return vm.importLines(claudeCodeImportLines(events, { naming: 'collector' }));
  };

  /** The organization view from the summaries and from the raw path, at the same instant. */
  async function both(path: string) {
    const backend = new Backend({ url: vm.url });
    const [fromSummaries, raw] = (await Promise.all(
      [summaries, undefined].map(async (index) => {
        const response = await createStatsApi({ backend, summaries: index, now: () => clock }).request(path);
        return { status: response.status, body: await response.json() };
      }),
    )) as [{ status: number; body: unknown }, { status: number; body: unknown }];
    return { fromSummaries, raw };
  }

  beforeAll(async () => {
    vm = await VictoriaMetrics.start();
    await send();
    summaries = index(new Backend({ url: vm.url }));
    await summaries.catchUp();
  });
  afterAll(() => vm.destroy());

  it('covers up to the settle time before now', () => {
    expect(summaries.status()['claude-code']).toEqual({
      from: new Date((start - 30 * 86_400) * 1000).toISOString(),
      until: new Date((start - SETTLE_SECONDS) * 1000).toISOString(),
      sessions: 1,
    });
  });

  it('counts samples that arrive late, within the settle time, in a window ending now (regression: a session that paused for longer than VictoriaMetrics looks back for a base is counted once)', async () => {
    await send(at(-100, 's1', 0.125), at(-60, 's2', 2));
    const { fromSummaries, raw } = await both('/api/stats/org/acme?window=3h');
    expect(fromSummaries).toEqual(raw);
    expect(fromSummaries.body).toMatchObject({ totals: { costUsd: 2.875 }, summary: { sessions: 2 } });
  });

  it('asks which sessions changed since the summaries once per view, not again per listed session (regression)', async () => {
    const sent: string[] = [];
    // Every request goes through query, a union of several queries as one.
    class Recording extends Backend {
      override query(query: string, timeSeconds: number) {
        sent.push(query);
        return super.query(query, timeSeconds);
      }
    }
    const api = createStatsApi({ backend: new Recording({ url: vm.url }), summaries, now: () => clock });
    const response = await api.request('/api/stats/org/acme?window=3h&limit=1');
    const { fromSummaries, raw } = await both('/api/stats/org/acme?window=3h&limit=1');
    expect({ status: response.status, body: await response.json() }).toEqual(raw);
    expect(fromSummaries).toEqual(raw);
    const sinceSummaries = `[${SETTLE_SECONDS * 1000}ms]`;
    expect(sent.join('\n').split(sinceSummaries)).toHaveLength(2);
  });

  it('counts them once when the summaries reach them', async () => {
    clock = start + 2 * SETTLE_SECONDS;
    await summaries.catchUp();
    expect(summaries.status()['claude-code']?.sessions).toBe(2);
    const { fromSummaries, raw } = await both('/api/stats/org/acme?window=3h');
    expect(fromSummaries).toEqual(raw);
    expect(fromSummaries.body).toMatchObject({ totals: { costUsd: 2.875 }, summary: { sessions: 2 } });
  });

  it('catches up after VictoriaMetrics was down, with what arrived meanwhile', async () => {
    await vm.stop();
    const until = summaries.status()['claude-code']?.until;
    clock += 1200;
    await expect(summaries.catchUp()).rejects.toThrow(/127\.0\.0\.1/);
    expect(summaries.status()['claude-code']?.until).toBe(until);
    await vm.restart();
    await send(at(clock - start - 900, 's3', 4));
    await summaries.catchUp();
    expect(summaries.status()['claude-code']?.sessions).toBe(3);
    const { fromSummaries, raw } = await both('/api/stats/org/acme?window=3h');
    expect(fromSummaries).toEqual(raw);
    expect(fromSummaries.body).toMatchObject({ totals: { costUsd: 6.875 }, summary: { sessions: 3 } });
  });

  it('answers the same after the stats API restarts: the summaries are rebuilt from VictoriaMetrics', async () => {
    const rebuilt = index(new Backend({ url: vm.url }));
    await rebuilt.catchUp();
    const { from: _, ...rebuiltCoverage } = rebuilt.status()['claude-code'] ?? {};
    const { from: __, ...coverage } = summaries.status()['claude-code'] ?? {};
    expect(rebuiltCoverage).toEqual(coverage);
    const path = '/api/stats/org/acme?window=3h&limit=5';
    const answers = await Promise.all(
      [summaries, rebuilt].map(async (index) =>
        (
          await createStatsApi({
            backend: new Backend({ url: vm.url }),
            summaries: index,
            now: () => clock,
          }).request(path)
        ).json(),
      ),
    );
    expect(answers[1]).toEqual(answers[0]);
  });
});
