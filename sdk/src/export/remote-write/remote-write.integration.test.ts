import { type ExportedSeries, VictoriaMetrics } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../../catalog/catalog.ts';
import { defineMetric, type MetricDefinition } from '../../catalog/define-metric.ts';
import { init } from '../../meterline.ts';
import { toPrometheusName } from '../../naming/prometheus-name.ts';

// Every built-in Meterline instrument, recorded through the SDK and read back from a real VictoriaMetrics.

const families = [metrics.streams, metrics.sessions, metrics.websockets, metrics.tasks, metrics.usage];
const definitions = families.flatMap((family) => Object.values(family) as MetricDefinition[]);

/** Attribute values derived from the keys, so each series is recognisable. */
function attributesFor(definition: MetricDefinition): Record<string, string> {
  return Object.fromEntries(definition.attributes.map((key) => [key, `v-${key}`]));
}

/** Expected labels, written out independently of the SDK's sanitizer (dots become underscores). */
function labelsFor(definition: MetricDefinition): Record<string, string> {
  return Object.fromEntries(definition.attributes.map((key) => [key.replaceAll('.', '_'), `v-${key}`]));
}

const HISTOGRAM_VALUES = [0.5, 2, 3, 1_000_000];

function lastValues(series: ExportedSeries[]): Record<string, number> {
  return Object.fromEntries(
    series.map((s) => {
      const { __name__, job, instance, ...rest } = s.metric;
      const labels = Object.entries(rest)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [`${__name__}{${labels}}`, s.values.at(-1) as number];
    }),
  );
}

describe('remote write to VictoriaMetrics', () => {
  let vm: VictoriaMetrics;
  beforeAll(async () => {
    vm = await VictoriaMetrics.start();
  });
  afterAll(() => vm.destroy());

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
    const expected: Record<string, number> = {};
    const label = (labels: Record<string, string>) =>
      Object.entries(labels)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    for (const definition of definitions) {
      const instrument = ml.instrument(definition) as unknown as {
        add?: (v: number, a: object) => void;
        set?: (v: number, a: object) => void;
        record?: (v: number, a: object) => void;
        bind(a: object): { add?: (v: number) => void; record?: (v: number) => void };
      };
      const attributes = attributesFor(definition);
      const labels = labelsFor(definition);
      const base = toPrometheusName(definition.name, definition.unit, definition.kind);
      switch (definition.kind) {
        case 'counter':
          instrument.add?.(3, attributes);
          instrument.bind(attributes).add?.(4.5);
          expected[`${base}{${label(labels)}}`] = 7.5;
          break;
        case 'updowncounter':
          instrument.add?.(5, attributes);
          instrument.bind(attributes).add?.(-2);
          expected[`${base}{${label(labels)}}`] = 3;
          break;
        case 'gauge':
          instrument.set?.(1, attributes);
          instrument.set?.(42.25, attributes);
          expected[`${base}{${label(labels)}}`] = 42.25;
          break;
        case 'histogram': {
          for (const value of HISTOGRAM_VALUES) instrument.record?.(value, attributes);
          let cumulative = 0;
          for (const boundary of definition.boundaries ?? []) {
            cumulative = HISTOGRAM_VALUES.filter((v) => v <= boundary).length;
            expected[`${base}_bucket{${label({ ...labels, le: String(boundary) })}}`] = cumulative;
          }
          expected[`${base}_bucket{${label({ ...labels, le: '+Inf' })}}`] = HISTOGRAM_VALUES.length;
          expected[`${base}_sum{${label(labels)}}`] = HISTOGRAM_VALUES.reduce((a, b) => a + b, 0);
          expected[`${base}_count{${label(labels)}}`] = HISTOGRAM_VALUES.length;
          break;
        }
      }
    }
    await ml.shutdown();

    const series = await vm.export(
      '{job="meterline/catalog-check",__name__!~"meterline_export.*|target_info"}',
    );
    const received = Object.fromEntries(
      Object.entries(lastValues(series)).map(([key, value]) => {
        const [name, labels = ''] = key.slice(0, -1).split('{');
        return [`${name}{${labels.split(',').filter(Boolean).sort().join(',')}}`, value];
      }),
    );
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
      'process_memory_usage',
      'process_uptime_seconds',
      'nodejs_eventloop_utilization_ratio',
      'v8js_memory_heap_used_bytes',
      'process_cpu_time_seconds_total',
    ]) {
      expect(names).toContain(name);
    }
  });
});
