// `meterline test`: sends a burst of sample telemetry through the running stack the way a service would,
// then shows where it landed: the series in VictoriaMetrics and the session in the stats API.
import { init, metrics, toPrometheusName } from '@meterline/sdk';
import { request } from 'undici';
import type { LocalStackOptions } from '../local/stack-options.ts';
import { CommandFailed, runningStack } from './stack-commands.ts';

const SESSIONS = 5;
const REQUESTS_PER_SESSION = 20;

async function json(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await request(url, { headers, signal: AbortSignal.timeout(10_000) });
  return response.body.json();
}

export async function sampleBurst(options: LocalStackOptions): Promise<void> {
  const stack = runningStack(options.home);
  if (stack === undefined) throw new CommandFailed('the stack is not running: start it with `npm start`');
  const run = `test-${Date.now().toString(36)}`;
  // Through the collector when it runs, as services do; else straight to VictoriaMetrics.
  const ml = init({
    serviceName: 'meterline-test',
    runtimeMetrics: false,
    registerGlobals: false,
    traces: false,
    ...(stack.collector
      ? { otlpEndpoint: `${stack.collector.http}/v1/metrics` }
      : {
          exporter: 'remote-write' as const,
          remoteWrite: { url: `${stack.victoriaMetrics.url}/api/v1/write` },
        }),
    env: {},
  });
  for (let s = 0; s < SESSIONS; s++) {
    const identity = {
      'session.id': `${run}-${s}`,
      'user.id': 'meterline-test',
      'organization.id': 'meterline-test',
    };
    for (let r = 0; r < REQUESTS_PER_SESSION; r++) {
      ml.usage.cost.add(0.001, { ...identity, model: 'sample-model' });
      ml.usage.requests.add(1, { ...identity, model: 'sample-model', outcome: 'success' });
      ml.usage.tokens.add(100, { ...identity, model: 'sample-model', 'token.type': 'input' });
    }
  }
  const sent = SESSIONS * REQUESTS_PER_SESSION;
  const started = performance.now();
  await ml.shutdown();
  console.log(
    `sent ${sent} requests of ${SESSIONS} sessions (run ${run}) ${stack.collector ? `via the collector at ${stack.collector.http}` : 'straight to VictoriaMetrics'}`,
  );
  const requests = toPrometheusName(metrics.usage.requests.name, metrics.usage.requests.unit, 'counter');
  const promql = `sum(${requests}{session_id=~"${run}-.*"})`;
  for (let attempt = 0; attempt < 60; attempt++) {
    const body = (await json(
      `${stack.victoriaMetrics.url}/api/v1/query?${new URLSearchParams({ query: promql, nocache: '1' })}`,
    )) as { data?: { result?: { value: [number, string] }[] } };
    const landed = Number(body.data?.result?.[0]?.value[1] ?? 0);
    if (landed === sent) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `landed in VictoriaMetrics after ${seconds} s: ${promql} = ${landed}  (${stack.victoriaMetrics.url})`,
      );
      const url = `${stack.statsApi.url}/api/stats/session/${run}-0?source=sdk`;
      // Regression: the stats API queries without nocache, so it sees samples only after VictoriaMetrics'
      // search latency (SEARCH_LATENCY_OFFSET): ask again, fresh, until the session is there.
      let view: { costs?: { totalUsd?: number }; error?: { message: string } } = {};
      for (let attempt = 0; attempt < 30; attempt++) {
        view = (await json(url, { 'cache-control': 'no-cache' })) as typeof view;
        if (view.error === undefined) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      console.log(`stats API: ${url} → ${view.error?.message ?? `cost ${view.costs?.totalUsd} USD`}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new CommandFailed(
    `the burst did not arrive in VictoriaMetrics within 30 s: see \`meterline logs collector\` and \`meterline status\``,
  );
}
