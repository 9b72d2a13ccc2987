import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { init, metrics, toPrometheusName } from '@meterline/sdk';
import {
  type Collector,
  eventually,
  PYTHON,
  PYTHON_CLIENT_SCRIPT,
  type VictoriaMetrics,
} from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the collector with other clients and through outages', () => {
  let vm: VictoriaMetrics;
  let collector: Collector;
  test.beforeAll(async ({ vm: server, collector: running }) => {
    [vm, collector] = [server, running];
  });

  it('delivers the OpenTelemetry Python SDK metrics under the catalog names', async () => {
    await run(PYTHON, [PYTHON_CLIENT_SCRIPT, collector.grpcEndpoint]);
    const requests = toPrometheusName(metrics.usage.requests.name, metrics.usage.requests.unit, 'counter');
    const duration = toPrometheusName(
      metrics.usage.requestDuration.name,
      metrics.usage.requestDuration.unit,
      'histogram',
    );
    await eventually(async () => {
      const [counter] = await vm.export(`${requests}{job="interop/python-client"}`);
      expect(counter?.metric).toMatchObject({
        session_id: 'py-1',
        user_id: 'u-py',
        organization_id: 'o-py',
        model: 'm',
        outcome: 'success',
      });
      expect(counter?.values.at(-1)).toBe(3);
      const buckets = await vm.export(`${duration}_bucket{job="interop/python-client"}`);
      expect(Object.fromEntries(buckets.map((b) => [b.metric.le, b.values.at(-1)]))).toEqual({
        '0.1': 0,
        '0.25': 1,
        '0.5': 2,
        '1': 3,
        '+Inf': 3,
      });
    });
  });

  it('keeps data through a VictoriaMetrics restart within its retry window', async () => {
    const sdk = init({
      serviceName: 'outage',
      otlpProtocol: 'grpc',
      otlpEndpoint: collector.grpcEndpoint,
      traces: false,
      runtimeMetrics: false,
      env: {},
    });
    const runs = sdk.tasks.runs.bind({ 'task.name': 'sync', 'task.outcome': 'success' });
    runs.add(5);
    await sdk.forceFlush();
    await eventually(async () =>
      expect((await vm.export('task_runs_total{job="outage"}'))[0]?.values.at(-1)).toBe(5),
    );
    await vm.stop();
    runs.add(7);
    await sdk.forceFlush();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await vm.restart();
    await eventually(
      async () => expect((await vm.export('task_runs_total{job="outage"}'))[0]?.values.at(-1)).toBe(12),
      { timeoutMillis: 45_000, intervalMillis: 500 },
    );
    expect(collector.output).not.toMatch(/Dropping data/);
    await sdk.shutdown();
  }, 90_000);
});
