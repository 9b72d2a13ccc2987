import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { eventually } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { context as otelContext, propagation, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { init } from './meterline.ts';

// What a new user checks first, each a friction point once: where the SDK sends what the standard
// variables say, that it says so on stderr when it cannot, and that a scraper sees the same series.

const sdk = new URL('./index.ts', import.meta.url).href;

/** Runs `body` in a fresh Node process with `init` imported and `env` as its whole environment. */
async function runWithSdk(body: string, env: Record<string, string> = {}) {
  const script = `const { init } = await import(${JSON.stringify(sdk)});\n${body}`;
  return promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
}

/** An HTTP endpoint that records each request's method, path and content type, answering 200. */
async function requestLog() {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => server.close() };
}

describe('where the standard variables send telemetry', () => {
  it('sends traces to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and metrics to the general endpoint', async () => {
    const [general, traces] = await Promise.all([requestLog(), requestLog()]);
    try {
      const ml = init({
        runtimeMetrics: false,
        registerGlobals: false,
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: general.url,
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${traces.url}/custom/traces`,
        },
      });
      ml.tasks.runs.add(1, { 'task.name': 't', 'task.outcome': 'success' });
      ml.tracerProvider?.getTracer('test').startSpan('one').end();
      await ml.shutdown();
      expect([general.requests, traces.requests]).toEqual([
        ['POST /v1/metrics application/x-protobuf'],
        ['POST /custom/traces application/x-protobuf'],
      ]);
    } finally {
      general.close();
      traces.close();
    }
  });

  it.each([
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }, []],
    [
      'OTEL_TRACES_SAMPLER=always_off',
      { OTEL_TRACES_SAMPLER: 'always_off' },
      ['POST /v1/metrics application/json'],
    ],
  ])('%s: sends only what is asked', async (_what, variables, expected) => {
    const endpoint = await requestLog();
    try {
      const ml = init({
        runtimeMetrics: false,
        registerGlobals: false,
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_TRACES_EXPORTER: 'otlp',
          ...variables,
        },
      });
      ml.tasks.runs.add(1, { 'task.name': 't', 'task.outcome': 'success' });
      ml.tracerProvider?.getTracer('test').startSpan('dropped').end();
      await ml.shutdown();
      expect(endpoint.requests).toEqual(expected);
    } finally {
      endpoint.close();
    }
  });

  it('propagates only what OTEL_PROPAGATORS names', async () => {
    const ml = init({
      exporter: 'none',
      runtimeMetrics: false,
      env: { OTEL_PROPAGATORS: 'baggage', OTEL_TRACES_EXPORTER: 'console' },
    });
    try {
      const span = trace.getTracer('test').startSpan('outgoing');
      const carrier: Record<string, string> = {};
      const withBaggage = propagation.setBaggage(
        trace.setSpan(otelContext.active(), span),
        propagation.createBaggage({ tenant: { value: 'acme' } }),
      );
      propagation.inject(withBaggage, carrier);
      expect(carrier).toEqual({ baggage: 'tenant=acme' });
    } finally {
      await ml.shutdown();
    }
  });

  it('prints metrics and spans with the console exporters', async () => {
    const { stdout } = await runWithSdk(
      `const ml = init({ runtimeMetrics: false });
       ml.tasks.runs.add(2, { 'task.name': 'console', 'task.outcome': 'success' });
       ml.tracerProvider.getTracer('t').startSpan('console-span').end();
       await ml.shutdown();`,
      { OTEL_METRICS_EXPORTER: 'console', OTEL_TRACES_EXPORTER: 'console' },
    );
    expect(stdout).toContain("name: 'task.runs'");
    expect(stdout).toContain("name: 'console-span'");
  });
});

describe('diagnostics without any setup', () => {
  test('say on stderr what failed, where and why, and what was dropped', async ({ vm }) => {
    const { stderr } = await runWithSdk(
      `const wrongPath = init({ exporter: 'remote-write', remoteWrite: { url: '${vm.url}/api/v1/wrong' }, runtimeMetrics: false });
       const dead = init({ runtimeMetrics: false, exportTimeoutMillis: 5000 });
       dead.usage.cost.add(Number.NaN, { 'session.id': 's', model: 'm' });
       dead.tasks.runs.add(-1, { 'task.name': 't', 'task.outcome': 'success' });
       wrongPath.tasks.runs.add(1, { 'task.name': 't', 'task.outcome': 'success' });
       dead.tasks.runs.add(1, { 'task.name': 't', 'task.outcome': 'success' });
       await Promise.all([wrongPath.forceFlush(), dead.forceFlush()]);
       await Promise.all([wrongPath.shutdown(), dead.shutdown()]);`,
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        OTEL_TRACES_EXPORTER: 'none',
      },
    );
    expect(stderr).not.toMatch(/duplicate registration|"stack"/);
    expect(stderr).toMatch(
      new RegExp(`remote write to ${vm.url}/api/v1/wrong dropped a batch: HTTP 400: .*unsupported path`),
    );
    expect(stderr).toMatch(
      /OTLP export \(http\/protobuf\) to http:\/\/127\.0\.0\.1:1\/v1\/metrics failed.*ECONNREFUSED/,
    );
    expect(stderr).toMatch(/usage\.cost: dropped a recording: counter value NaN/);
    expect(stderr).toMatch(/task\.runs: dropped a recording: counter value -1/);
  }, 60_000);

  it.each([
    ['error', /ECONNREFUSED/, /dropped a recording/],
    ['none', /^$/, /./],
  ])(
    'OTEL_LOG_LEVEL=%s keeps only what it asks for',
    async (level, shown, hidden) => {
      const { stderr } = await runWithSdk(
        `const ml = init({ runtimeMetrics: false, exportTimeoutMillis: 5000 });
       ml.tasks.runs.add(-1, { 'task.name': 't', 'task.outcome': 'success' });
       ml.tasks.runs.add(1, { 'task.name': 't', 'task.outcome': 'success' });
       await ml.shutdown();`,
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_LOG_LEVEL: level,
        },
      );
      expect(stderr).toMatch(shown);
      expect(stderr).not.toMatch(hidden);
    },
    60_000,
  );
});

describe('the prometheus exporter', () => {
  test('serves the series names and labels remote write sends, for a scraper', async ({ vm }) => {
    const resource = { serviceName: 'scraped', runtimeMetrics: false, registerGlobals: false, env: {} };
    const pulled = init({ ...resource, exporter: 'prometheus', prometheus: { host: '127.0.0.1', port: 0 } });
    const pushed = init({ ...resource, exporter: 'remote-write', remoteWrite: { url: vm.writeUrl } });
    for (const ml of [pulled, pushed]) {
      ml.tasks.runs.add(3, { 'task.name': 'scrape', 'task.outcome': 'success' });
      ml.tasks.duration.record(0.3, { 'task.name': 'scrape', 'task.outcome': 'success' });
      ml.usage.cost.add(0.5, { 'session.id': 's"1', model: 'm' });
    }
    await pulled.prometheus?.listening;
    const text = await (await fetch(pulled.prometheus?.url ?? '')).text();
    await pushed.shutdown();
    await pulled.shutdown();
    const scraped = text
      .trim()
      .split('\n')
      .map((line) => line.slice(0, line.lastIndexOf(' ')))
      .sort();
    await eventually(async () => {
      const series = await vm.export('{job="scraped"}');
      const written = series
        .map(({ metric: { __name__: name, job: _job, instance: _instance, ...labels } }) => {
          const pairs = Object.entries(labels)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([key, value]) => `${key}="${value.replace(/"/g, '\\"')}"`);
          return `${name}${pairs.length === 0 ? '' : `{${pairs.join(',')}}`}`;
        })
        .sort();
      const sortedLabels = (line: string) => {
        const match = /^([^{]+)(?:\{(.*)\})?$/.exec(line);
        const pairs = (match?.[2] ?? '').match(/[a-z_]+="(?:[^"\\]|\\.)*"/g) ?? [];
        return `${match?.[1]}${pairs.length === 0 ? '' : `{${pairs.sort().join(',')}}`}`;
      };
      expect(scraped.map(sortedLabels).sort()).toEqual(written);
    });
    expect(text).toContain('task_runs_total{task_name="scrape",task_outcome="success"} 3');
  });
});
