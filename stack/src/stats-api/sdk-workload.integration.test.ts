import { init, type Meterline } from '@meterline/sdk';
import {
  activitySpan,
  expectedPeople,
  expectedSession,
  recordSdkUsage,
  SDK_PHASES,
  type SessionTally,
  tallySdkUsage,
  type VictoriaMetrics,
} from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';
import { caughtUpSummaries } from './summaries/testing.ts';

// The SDK's usage instruments, written by the remote-write exporter in three exports (the last from a
// restarted process), and every field of every view against the workload's own tallies.

describe('the stats API on the SDK usage metrics', () => {
  let vm: VictoriaMetrics;
  let api: ReturnType<typeof createStatsApi>;
  let summarizedApi: ReturnType<typeof createStatsApi>;
  const exportTimes: number[] = [];
  let end = 0;

  const sdk = (): Meterline =>
    init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl },
      serviceName: 'chat',
      serviceInstanceId: 'pod-1',
      runtimeMetrics: false,
      exportIntervalMillis: 3_600_000,
      env: {},
    });

  test.beforeAll(async ({ vm: server }) => {
    vm = server;
    let meterline = sdk();
    for (const [phase, recordings] of SDK_PHASES.entries()) {
      if (phase === 2) {
        await meterline.shutdown();
        meterline = sdk(); // a restart: same instance, counters from zero
      }
      recordSdkUsage(meterline, recordings);
      await meterline.forceFlush();
      exportTimes.push(Date.now() / 1000);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    await meterline.shutdown();
    end = Date.now() / 1000 + 0.1;
    // VictoriaMetrics evaluates queries no later than now - latencyOffset (1 s here): wait until `end` is past.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The summaries are built at once, with no settle time: every sample must be searchable first.
    await vm.flush();
    const backend = new Backend({ url: vm.url });
    api = createStatsApi({ backend, now: () => end });
    summarizedApi = createStatsApi({
      backend,
      now: () => end,
      summaries: await caughtUpSummaries(backend, () => end),
    });
  });

  /** Tallies of the phases inside the window, with first/last read from the raw samples in VictoriaMetrics. */
  async function truth(fromPhase: number, start: number): Promise<SessionTally[]> {
    const tallies = tallySdkUsage(SDK_PHASES.slice(fromPhase).flat());
    for (const t of tallies.values()) {
      const span = activitySpan(await vm.export(`{session_id="${t.id}"}`), { start, end });
      if (span === null) throw new Error(`session ${t.id} did nothing in the window`);
      Object.assign(t, span);
    }
    return [...tallies.values()];
  }

  const cases = [
    ['the whole window', 0, 'window=all', 'raw'],
    ['a window starting after the first export', 1, 'start', 'raw'],
    ['the whole window', 0, 'window=all', 'summaries'],
    ['a window starting after the first export', 1, 'start', 'summaries'],
  ] as const;

  it.each(cases)(
    'answers every view exactly over %s (%i, %s), on the %s path',
    async (_title, fromPhase, mode, path) => {
      const start =
        mode === 'start'
          ? ((exportTimes[0] as number) + (exportTimes[1] as number)) / 2 - 0.5
          : end - 10 * 365 * 86_400;
      const query = mode === 'start' ? `start=${start}&end=${end}` : 'window=all';
      const tallies = await truth(fromPhase, start);
      const expectation = { source: 'sdk' as const, window: { start, end } };
      const get = async (route: string) => {
        const response = await (path === 'summaries' ? summarizedApi : api).request(
          `${route}${route.includes('?') ? '&' : '?'}${query}`,
        );
        return { status: response.status, body: await response.json() };
      };
      for (const t of tallies) {
        expect(await get(`/api/stats/session/${t.id}`)).toEqual({
          status: 200,
          body: expectedSession(t, expectation),
        });
      }
      for (const user of new Set(tallies.map((t) => t.userId))) {
        expect(await get(`/api/stats/user/${user}`)).toEqual({
          status: 200,
          body: expectedPeople(tallies, 'user', user, 10, expectation),
        });
      }
      for (const org of new Set(tallies.flatMap((t) => t.organizationId ?? []))) {
        expect(await get(`/api/stats/org/${org}?limit=2`)).toEqual({
          status: 200,
          body: expectedPeople(tallies, 'organization', org, 2, expectation),
        });
      }
      if (fromPhase === 1) expect((await get('/api/stats/session/s2')).status).toBe(404);
    },
  );
});
