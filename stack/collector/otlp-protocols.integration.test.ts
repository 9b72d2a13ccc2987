import { init } from '@meterline/sdk';
import { type Collector, eventually, type VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect } from 'vitest';

// The SDK configured only by the standard variables, over each OTLP protocol, into the real collector:
// the exact values land in VictoriaMetrics.

let vm: VictoriaMetrics;
let collector: Collector;
test.beforeAll(async ({ vm: server, collector: running }) => {
  [vm, collector] = [server, running];
});

describe('OTLP protocols chosen by OTEL_EXPORTER_OTLP_PROTOCOL', () => {
  const cases: [protocol: string, extra: Record<string, string>][] = [
    ['http/protobuf', {}],
    ['http/protobuf', { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }],
    ['http/json', {}],
    ['grpc', {}],
    ['grpc', { OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'gzip' }],
  ];
  test.each(cases)('%s %j delivers exact values', async (protocol, extra) => {
    const service = `proto-${protocol.replace('/', '-')}-${Object.keys(extra).length}`;
    const ml = init({
      runtimeMetrics: false,
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? collector.grpcEndpoint : collector.httpEndpoint,
        OTEL_SERVICE_NAME: service,
        OTEL_TRACES_EXPORTER: 'none',
        ...extra,
      },
    });
    ml.tasks.runs.add(3, { 'task.name': 'build', 'task.outcome': 'success' });
    ml.tasks.duration.record(0.2, { 'task.name': 'build', 'task.outcome': 'success' });
    ml.tasks.duration.record(2, { 'task.name': 'build', 'task.outcome': 'success' });
    await ml.shutdown();
    await eventually(async () => {
      const [runs] = await vm.export(`task_runs_total{job="${service}"}`);
      const [count] = await vm.export(`task_duration_seconds_count{job="${service}"}`);
      const [sum] = await vm.export(`task_duration_seconds_sum{job="${service}"}`);
      expect([runs?.values.at(-1), count?.values.at(-1), sum?.values.at(-1)]).toEqual([3, 2, 2.2]);
    });
  });
});
