import { memoryMeterline } from '@meterline/testing';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { RetryingExporter } from './retrying-exporter.ts';

/** An exporter that answers each export with the next scripted result, the way the OTLP gRPC exporter reports gRPC errors. */
function scripted(results: ExportResult[]): PushMetricExporter & { calls: number } {
  return {
    calls: 0,
    export(_metrics, done) {
      this.calls++;
      done(results.shift() ?? { code: ExportResultCode.SUCCESS });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

const grpcError = (code: number) => ({
  code: ExportResultCode.FAILED,
  error: Object.assign(new Error(`grpc ${code}`), { code }),
});

describe('RetryingExporter', () => {
  const cases: [what: string, results: ExportResult[], calls: number, final: ExportResultCode][] = [
    ['success is sent once', [], 1, ExportResultCode.SUCCESS],
    ['UNAVAILABLE is retried', [grpcError(14), grpcError(14)], 3, ExportResultCode.SUCCESS],
    ['DEADLINE_EXCEEDED is retried', [grpcError(4)], 2, ExportResultCode.SUCCESS],
    ['RESOURCE_EXHAUSTED is retried', [grpcError(8)], 2, ExportResultCode.SUCCESS],
    [
      'a network error without a code is retried',
      [{ code: ExportResultCode.FAILED, error: new Error('ECONNREFUSED') }],
      2,
      ExportResultCode.SUCCESS,
    ],
    ['INVALID_ARGUMENT is dropped', [grpcError(3)], 1, ExportResultCode.FAILED],
    ['UNAUTHENTICATED is dropped', [grpcError(16)], 1, ExportResultCode.FAILED],
  ];
  it.each(cases)('%s', async (_what, results, calls, final) => {
    const ml = memoryMeterline();
    ml.tasks.active.add(1);
    const metrics: ResourceMetrics = await ml.collect();
    await ml.shutdown();
    const inner = scripted(results);
    const exporter = new RetryingExporter(inner, { initialBackoffMillis: 5, maxBackoffMillis: 10 });
    const code = await new Promise((resolve) => exporter.export(metrics, (result) => resolve(result.code)));
    expect([inner.calls, code]).toEqual([calls, final]);
    await exporter.shutdown();
  });
});
