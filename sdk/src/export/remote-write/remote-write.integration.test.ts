import { lastValues, recordEveryInstrument, type VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';
import { defineMetric } from '../../catalog/define-metric.ts';
import { init } from '../../meterline.ts';

// Every built-in Meterline instrument, recorded through the SDK and read back from a real VictoriaMetrics.

describe('remote write to VictoriaMetrics', () => {
  let vm: VictoriaMetrics;
  test.beforeAll(async ({ vm: server }) => {
    vm = server;
  });

  it('delivers every built-in instrument with exact names, labels and values', async () => {
    const ml = init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl },
      serviceName: 'catalog-check',
      serviceNamespace: 'meterline',
      serviceInstanceId: 'i-1',
      resourceAttributes: { 'deployment.environment.name': 'test' },
      runtimeMetrics: false,
      env: {},
    });
    const expected = recordEveryInstrument(ml);
    await ml.shutdown();

    const series = await vm.export(
      '{job="meterline/catalog-check",__name__!~"meterline_export.*|target_info"}',
    );
    const received = lastValues(series);
    expect(received).toEqual(expected);
    expect(new Set(series.map((s) => `${s.metric.job} ${s.metric.instance}`))).toEqual(
      new Set(['meterline/catalog-check i-1']),
    );

    const [targetInfo] = await vm.export('target_info{job="meterline/catalog-check"}');
    expect(targetInfo?.metric).toMatchObject({
      __name__: 'target_info',
      job: 'meterline/catalog-check',
      instance: 'i-1',
      deployment_environment_name: 'test',
      telemetry_sdk_language: 'nodejs',
      telemetry_sdk_name: 'opentelemetry',
    });
    expect(targetInfo?.metric).not.toHaveProperty('service_name');
  });

  it('joins attribute keys that sanitize to the same label, in sorted key order', async () => {
    const ml = init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl },
      serviceName: 'collide',
      runtimeMetrics: false,
      env: {},
    });
    const counter = ml.instrument(
      defineMetric({
        name: 'collide.test',
        kind: 'counter',
        unit: '1',
        description: 'Collisions.',
        attributes: ['a_b', 'a.b'],
      }),
    );
    counter.add(1, { 'a.b': 'dot', a_b: 'underscore' });
    await ml.shutdown();
    const [series] = await vm.export('collide_test_total');
    expect(series?.metric.a_b).toBe('dot;underscore');
    expect(series?.values).toEqual([1]);
  });

  it('reports the runtime metrics under the names the catalog gives them', async () => {
    const ml = init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl },
      serviceName: 'runtime-check',
      env: {},
    });
    // Event-loop utilization is reported from the second collection on (it is a difference).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ml.forceFlush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ml.shutdown();
    const names = new Set((await vm.export('{job="runtime-check"}')).map((s) => s.metric.__name__));
    for (const name of [
      'process_memory_usage_bytes',
      'process_cpu_utilization_ratio',
      'process_uptime_seconds',
      'nodejs_eventloop_utilization_ratio',
      'v8js_memory_heap_used_bytes',
      'process_cpu_time_seconds_total',
    ]) {
      expect(names).toContain(name);
    }
  });
});
