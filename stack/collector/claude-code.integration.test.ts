import { Backend, createStatsApi } from '@meterline/stack/stats-api';
import {
  activitySpan,
  type Collector,
  claudeCodeClient,
  claudeCodeScenario,
  claudeCodeTallies,
  eventually,
  expectedPeople,
  expectedSession,
  type SessionTally,
  type VictoriaMetrics,
} from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';

// Claude Code's metrics (delta) and events through the real collector into VictoriaMetrics, and every
// field of every stats API view against the scenario's ground truth.

describe('Claude Code through the collector to the stats API', () => {
  let vm: VictoriaMetrics;
  let collector: Collector;
  let end = 0;
  // The count connector stamps its points with the log records' times: keep them in the recent past.
  const { events } = claudeCodeScenario(Math.floor(Date.now() / 1000 / 60) * 60 - 1200);

  test.beforeAll(async ({ vm: server, collector: running }) => {
    [vm, collector] = [server, running];
    const client = claudeCodeClient(collector.grpcEndpoint);
    // Two delta exports, as a session spanning two export intervals makes; the collector sums them.
    const half = Math.floor(events.length / 2);
    client.send(events.slice(0, half));
    await client.flush();
    client.send(events.slice(half));
    await client.flush();
    await client.shutdown();
    await eventually(
      async () => {
        const [requests] = await vm.export('claude_code_api_requests_total{session_id="b1"}');
        const [duration] = await vm.export('claude_code_api_request_duration_seconds_count{session_id="b1"}');
        expect([requests?.values.at(-1), duration?.values.at(-1)]).toEqual([4, 4]);
      },
      { timeoutMillis: 20_000 },
    );
    end = Date.now() / 1000 + 0.5;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }, 60_000);

  /** Ground truth for the whole scenario; first sample and last change from the raw samples each session left. */
  async function tallies(window: { start: number; end: number }): Promise<SessionTally[]> {
    const truth = claudeCodeTallies(
      events,
      { start: 0, end: Number.MAX_SAFE_INTEGER },
      { naming: 'collector' },
    );
    for (const t of truth) {
      const span = activitySpan(await vm.export(`{session_id="${t.id}"}`), window);
      if (span === null) throw new Error(`session ${t.id} did nothing in the window`);
      Object.assign(t, span);
    }
    return truth;
  }

  it('answers every view exactly', async () => {
    const api = createStatsApi({ backend: new Backend({ url: vm.url }), now: () => end });
    const window = { start: end - 10 * 365 * 86_400, end };
    const truth = await tallies(window);
    const expectation = { source: 'claude-code' as const, window };
    const get = async (path: string) => {
      const response = await api.request(path);
      return { status: response.status, body: await response.json() };
    };
    for (const t of truth)
      expect(await get(`/api/stats/session/${t.id}`)).toEqual({
        status: 200,
        body: expectedSession(t, expectation),
      });
    for (const user of new Set(truth.map((t) => t.userId))) {
      expect(await get(`/api/stats/user/${user}`)).toEqual({
        status: 200,
        body: expectedPeople(truth, 'user', user, 10, expectation),
      });
    }
    for (const org of new Set(truth.flatMap((t) => t.organizationId ?? []))) {
      expect(await get(`/api/stats/org/${org}`)).toEqual({
        status: 200,
        body: expectedPeople(truth, 'organization', org, 10, expectation),
      });
    }
  });
});
