import { Backend, createStatsApi } from '@meterline/stack/stats-api';
import {
  activitySpan,
  CLAUDE_CODE_PAYLOADS,
  type Collector,
  claudeCodePayload,
  emptyTally,
  eventually,
  expectedSession,
  replayClaudeCodePayload,
  type SessionTally,
  type VictoriaMetrics,
} from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';

// Payloads the real Claude Code CLI sent (testing/fixtures/claude-code), replayed through the collector
// with their times moved to the present, and the session view against totals computed from the bodies.

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
interface Point {
  attributes: KeyValue[];
  asDouble?: number;
  startTimeUnixNano: string;
  timeUnixNano: string;
}
interface MetricsBody {
  resourceMetrics: { scopeMetrics: { metrics: { name: string; sum: { dataPoints: Point[] } }[] }[] }[];
}
interface LogsBody {
  resourceLogs: {
    scopeLogs: {
      logRecords: { attributes: KeyValue[]; timeUnixNano: string; observedTimeUnixNano: string }[];
    }[];
  }[];
}

const attributes = (list: KeyValue[]) =>
  Object.fromEntries(
    list.map(({ key, value }) => [key, value.stringValue ?? value.doubleValue ?? Number(value.intValue)]),
  );
const bareModel = (model: unknown) => String(model).replace(/\[[^\]]*\]/g, '');

/** Ground truth from the bodies alone: what one session's points and records add up to. */
function truth(metrics: MetricsBody, logs: LogsBody): SessionTally {
  const points = metrics.resourceMetrics.flatMap((r) =>
    r.scopeMetrics.flatMap((s) =>
      s.metrics.flatMap((m) =>
        m.sum.dataPoints.map((p) => ({ name: m.name, p, a: attributes(p.attributes) })),
      ),
    ),
  );
  const records = logs.resourceLogs.flatMap((r) =>
    r.scopeLogs.flatMap((s) => s.logRecords.map((l) => attributes(l.attributes))),
  );
  const first = points[0]?.a as Record<string, unknown>;
  const t = emptyTally(
    String(first['session.id']),
    String(first['user.id']),
    (first['organization.id'] as string) ?? null,
  );
  const tokenKeys = {
    input: 'input',
    output: 'output',
    cacheRead: 'cacheRead',
    cacheCreation: 'cacheCreation',
  } as const;
  const lines = { added: 0, removed: 0 };
  let commits = 0;
  for (const { name, p, a } of points) {
    const value = p.asDouble ?? 0;
    const model = bareModel(a.model);
    if (name === 'claude_code.cost.usage') t.costByModel[model] = (t.costByModel[model] ?? 0) + value;
    if (name === 'claude_code.token.usage') {
      t.tokensByType[tokenKeys[a.type as keyof typeof tokenKeys]] += value;
      t.tokensByModel[model] = (t.tokensByModel[model] ?? 0) + value;
    }
    if (name === 'claude_code.active_time.total') t.activeTimeSeconds += value;
    if (name === 'claude_code.lines_of_code.count') lines[a.type as 'added' | 'removed'] += value;
    if (name === 'claude_code.commit.count') commits += value;
  }
  for (const r of records) {
    if (r['event.name'] === 'api_request') {
      const model = bareModel(r.model);
      t.requestsByModel[model] = (t.requestsByModel[model] ?? 0) + 1;
      t.latencySumSeconds += Number(r.duration_ms) / 1000;
      t.latencyCount += 1;
    }
    if (r['event.name'] === 'api_error') t.apiErrors += 1;
    if (r['event.name'] === 'user_prompt') t.prompts += 1;
    if (r['event.name'] === 'tool_result') {
      const counts = t.tools[String(r.tool_name)] ?? { succeeded: 0, failed: 0 };
      if (r.success === 'true') counts.succeeded += 1;
      else counts.failed += 1;
      t.tools[String(r.tool_name)] = counts;
    }
    if (r['event.name'] === 'tool_decision') {
      if (r.decision === 'accept') t.toolDecisions.accepted += 1;
      else t.toolDecisions.rejected += 1;
    }
  }
  t.code = { linesAdded: lines.added, linesRemoved: lines.removed, commits, pullRequests: null };
  return t;
}

const scenarios = CLAUDE_CODE_PAYLOADS;

describe('real Claude Code payloads through the collector to the stats API', () => {
  let vm: VictoriaMetrics;
  let collector: Collector;
  const tallies = new Map<string, SessionTally>();
  let end = 0;

  test.beforeAll(async ({ vm: server, collector: running }) => {
    [vm, collector] = [server, running];
    for (const scenario of scenarios) {
      await replayClaudeCodePayload(collector.httpEndpoint, scenario);
      const body = (signal: 'metrics' | 'logs') => JSON.parse(claudeCodePayload(scenario, signal));
      tallies.set(scenario, truth(body('metrics') as MetricsBody, body('logs') as LogsBody));
    }
    await eventually(
      async () => {
        for (const t of tallies.values()) {
          const [requests] = await vm.export(`claude_code_api_requests_total{session_id="${t.id}"}`);
          const [commits] = await vm.export(`claude_code_commit_count_total{session_id="${t.id}"}`);
          expect([requests?.values.at(-1), commits?.values.at(-1)]).toEqual([1, t.code?.commits]);
        }
      },
      { timeoutMillis: 20_000 },
    );
    end = Date.now() / 1000 + 0.5;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }, 60_000);

  it.each(scenarios)('answers the session view of %s exactly', async (scenario) => {
    const t = tallies.get(scenario) as SessionTally;
    const window = { start: end - 3600, end };
    Object.assign(t, activitySpan(await vm.export(`{session_id="${t.id}"}`), window));
    const api = createStatsApi({ backend: new Backend({ url: vm.url }), now: () => end });
    const response = await api.request(`/api/stats/session/${t.id}?window=1h`);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: expectedSession(t, { source: 'claude-code', window }),
    });
  });
});
