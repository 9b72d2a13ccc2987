import * as grpc from '@grpc/grpc-js';
import { memoryMeterline } from '@meterline/testing';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { metrics } from './catalog/catalog.ts';
import type { MetricDefinition } from './catalog/define-metric.ts';
import { init, type Meterline } from './meterline.ts';

function kindOf(metric: MetricData): string {
  if (metric.dataPointType === DataPointType.HISTOGRAM) return 'histogram';
  if (metric.dataPointType === DataPointType.GAUGE) return 'gauge';
  if (metric.dataPointType === DataPointType.SUM) return metric.isMonotonic ? 'counter' : 'updowncounter';
  return 'exponential histogram';
}

/** A gRPC server that accepts OTLP metric exports and keeps their raw protobuf bodies. */
async function otlpReceiver(): Promise<{ url: string; bodies: Buffer[]; close(): void }> {
  const bodies: Buffer[] = [];
  const server = new grpc.Server();
  const identity = (buffer: Buffer) => buffer;
  server.addService(
    {
      Export: {
        path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
        bodies.push(call.request);
        done(null, Buffer.alloc(0));
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { url: `http://127.0.0.1:${port}`, bodies, close: () => server.forceShutdown() };
}

describe('init', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  it('puts service name, namespace and instance on the resource', () => {
    ml = init({
      exporter: 'none',
      runtimeMetrics: false,
      serviceName: 'api',
      serviceNamespace: 'shop',
      serviceInstanceId: 'pod-7',
      env: {},
    });
    expect(ml.resource.attributes).toMatchObject({
      'service.name': 'api',
      'service.namespace': 'shop',
      'service.instance.id': 'pod-7',
      'telemetry.sdk.language': 'nodejs',
    });
  });

  it('exports over OTLP gRPC to the configured endpoint', async () => {
    const receiver = await otlpReceiver();
    try {
      ml = init({
        otlpProtocol: 'grpc',
        otlpEndpoint: receiver.url,
        traces: false,
        runtimeMetrics: false,
        serviceName: 'grpc-test',
        env: {},
      });
      ml.streams.opened.add(1, { 'stream.kind': 'logs' });
      await ml.forceFlush();
      expect(receiver.bodies).toHaveLength(1);
      const body = receiver.bodies[0]?.toString('latin1') ?? '';
      for (const text of ['stream.opened', 'stream.kind', 'logs', 'grpc-test', '@meterline/sdk'])
        expect(body).toContain(text);
    } finally {
      receiver.close();
    }
  });

  it('never rejects a flush or shutdown when the collector is unreachable', async () => {
    ml = init({
      otlpEndpoint: 'http://127.0.0.1:1',
      exportTimeoutMillis: 500,
      traces: false,
      runtimeMetrics: false,
      env: {},
    });
    ml.tasks.active.add(1, { 'task.name': 'x' });
    await expect(ml.forceFlush()).resolves.toBeUndefined();
    await expect(ml.shutdown()).resolves.toBeUndefined();
    await expect(ml.shutdown()).resolves.toBeUndefined();
  });

  it('reports the runtime metrics the catalog declares, with their declared kind and unit', async () => {
    ml = init({ exporter: 'memory', serviceName: 'runtime-test', env: {} });
    // Event-loop delay needs a little time, and GC needs an allocation burst, before they report.
    const garbage: unknown[] = [];
    for (let i = 0; i < 200_000; i++) garbage.push({ i });
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const collected = await ml.collect();
    const seen = new Map(
      collected.scopeMetrics.flatMap((scope) => scope.metrics).map((m) => [m.descriptor.name, m]),
    );
    const declared = Object.values(metrics.runtime) as MetricDefinition[];
    const missing = declared
      .filter((d) => !seen.has(d.name) && d.name !== 'v8js.gc.duration')
      .map((d) => d.name);
    expect(missing).toEqual([]);
    const undeclared = [...seen.keys()].filter((name) => !declared.some((d) => d.name === name));
    expect(undeclared).toEqual([]);
    for (const definition of declared) {
      const metric = seen.get(definition.name);
      if (metric === undefined) continue;
      expect({ name: definition.name, kind: kindOf(metric), unit: metric.descriptor.unit }).toEqual({
        name: definition.name,
        kind: definition.kind,
        unit: definition.unit,
      });
    }
  });

  it('gives every built-in family typed instruments', () => {
    ml = memoryMeterline();
    expect(Object.keys(ml.websockets)).toEqual(Object.keys(metrics.websockets));
    expect(ml.usage.cost.definition).toBe(metrics.usage.cost);
  });
});
