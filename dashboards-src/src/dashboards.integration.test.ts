import { setTimeout as sleep } from 'node:timers/promises';
import { exerciseHttpApi, startHttpApi } from '@meterline/examples/http-api';
import { exerciseEveryFamily } from '@meterline/examples/workload';
import { init } from '@meterline/sdk';
import { Backend, createStatsApi } from '@meterline/stack/stats-api';
import {
  CLAUDE_CODE_PAYLOADS,
  type Collector,
  claudeCodeImportLines,
  claudeCodeScenario,
  replayClaudeCodePayload,
  type VictoriaMetrics,
} from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';
import { queriesOf, withSampleValues } from './checks.ts';
import { dashboards, vmuiDashboards } from './index.ts';

// Every query of every panel, run against a real VictoriaMetrics loaded by the example service (through
// the real collector, whose own metrics flow in too), the Claude Code fixtures and the real CLI's captured
// payloads, the stats API and VictoriaMetrics' own metrics, must return data.

let vm: VictoriaMetrics;
let collector: Collector;
let end = 0;

async function importPrometheusText(text: string, extraLabel?: string): Promise<void> {
  const query = extraLabel === undefined ? '' : `?extra_label=${encodeURIComponent(extraLabel)}`;
  const response = await fetch(`${vm.url}/api/v1/import/prometheus${query}`, { method: 'POST', body: text });
  if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`);
}

test.beforeAll(async ({ vm: server, collector: running }) => {
  [vm, collector] = [server, running];
  const service = init({
    otlpProtocol: 'grpc',
    otlpEndpoint: collector.grpcEndpoint,
    traces: false,
    serviceName: 'shop-api',
    serviceNamespace: 'examples',
    exportIntervalMillis: 500,
    env: {},
  });
  const api = createStatsApi({
    backend: new Backend({ url: vm.url }),
    // Repeated views are answered from the cache, for the cache hits panel.
    cacheTtlMillis: 60_000,
    meterline: init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl },
      serviceName: 'stats-api',
      serviceNamespace: 'meterline',
      exportIntervalMillis: 500,
      runtimeMetrics: false,
      env: {},
    }),
  });
  const now = Math.floor(Date.now() / 1000 / 60) * 60;
  const { events } = claudeCodeScenario(now - 3600);
  await vm.importLines(claudeCodeImportLines(events, { naming: 'collector' }));
  // What the real Claude Code CLI sent (query_source, an administrator's department, API errors, tool
  // decisions), through the collector.
  for (const payload of CLAUDE_CODE_PAYLOADS) await replayClaudeCodePayload(collector.httpEndpoint, payload);
  const httpApi = await startHttpApi();
  for (let round = 0; round < 4; round++) {
    await exerciseHttpApi(httpApi, round);
    await exerciseEveryFamily(service, round);
    for (const path of [
      '/api/stats/session/a1',
      '/api/stats/user/alice',
      '/api/stats/session/nope',
      '/api/stats/org/acme?limit=0',
    ])
      await api.request(path);
    await importPrometheusText(await (await fetch(`${vm.url}/metrics`)).text(), 'job=victoriametrics');
    await sleep(700);
  }
  await httpApi.close();
  await service.shutdown();
  // Let the collector export the last points and its own telemetry (every second in tests).
  await sleep(2500);
  end = Date.now() / 1000;
  await sleep(1500);
}, 60_000);

// The Grafana dashboards' queries, and the vmui dashboards' (every variable at All, no $__ intervals).
const queries = [
  ...dashboards().flatMap(({ file, json }) => queriesOf(file, json)),
  ...vmuiDashboards().flatMap(({ file, json }) =>
    json.rows.flatMap((row) =>
      row.panels.flatMap((panel) =>
        panel.expr.map((expr) => ({ dashboard: `vmui ${file}`, panel: panel.title, expr })),
      ),
    ),
  ),
];

describe('every dashboard query on real data', () => {
  it.each(queries.map((q) => [`${q.dashboard} / ${q.panel}: ${q.expr}`, q] as const))(
    '%s',
    async (_title, { expr }) => {
      const params = new URLSearchParams({
        query: withSampleValues(expr),
        start: String(end - 6 * 3600),
        end: String(end),
        step: '30',
        nocache: '1',
      });
      const response = await fetch(`${vm.url}/api/v1/query_range?${params}`);
      const body = (await response.json()) as {
        status: string;
        data: { result: { values: [number, string][] }[] };
      };
      expect(body.status).toBe('success');
      const values = body.data.result
        .flatMap((series) => series.values.map(([, v]) => Number(v)))
        .filter((v) => !Number.isNaN(v));
      expect(values.length, 'no data').toBeGreaterThan(0);
    },
  );
});
