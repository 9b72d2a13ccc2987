import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { type Attempt, Delivery, type DeliveryOptions } from './delivery.ts';
import type { ExportObserver } from './export-observer.ts';

// gRPC status codes worth retrying (the OTLP specification's list): CANCELLED, DEADLINE_EXCEEDED,
// RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS.
const RETRYABLE_GRPC = new Set([1, 4, 8, 10, 11, 14, 15]);

function pointCount(metrics: ResourceMetrics): number {
  return metrics.scopeMetrics.reduce(
    (n, scope) => n + scope.metrics.reduce((m, metric) => m + metric.dataPoints.length, 0),
    0,
  );
}

export interface RetryingExporterOptions extends DeliveryOptions {
  /** How long `shutdown()` may spend on its last attempt. Default 5000. */
  shutdownTimeoutMillis?: number;
  /** How long `forceFlush()` waits for a batch that is being retried. Default 10000. */
  flushTimeoutMillis?: number;
  observer?: ExportObserver;
  /** What is exported where, for diagnostics. Default `OTLP export`. */
  what?: string;
}

/**
 * Adds retries with backoff to an exporter that has none (the OTLP gRPC exporter drops a failed batch).
 * Transient gRPC failures and network errors are retried; a newer batch replaces a waiting one.
 */
export class RetryingExporter implements PushMetricExporter {
  private readonly inner: PushMetricExporter;
  private readonly delivery: Delivery<ResourceMetrics>;
  private readonly shutdownTimeoutMillis: number;
  private readonly flushTimeoutMillis: number;
  private readonly observer: ExportObserver | undefined;

  constructor(inner: PushMetricExporter, options: RetryingExporterOptions = {}) {
    this.inner = inner;
    this.shutdownTimeoutMillis = options.shutdownTimeoutMillis ?? 5_000;
    this.flushTimeoutMillis = options.flushTimeoutMillis ?? 10_000;
    this.observer = options.observer;
    this.delivery = new Delivery<ResourceMetrics>(
      (metrics) => this.send(metrics),
      options.what ?? 'OTLP export',
      options,
    );
  }

  /** Stops retrying: each remaining batch gets one more attempt. Call before a final flush at shutdown. */
  stopRetrying(): void {
    this.delivery.stopRetrying();
  }

  /** Batches held while the collector is unreachable (at most two). */
  get pendingBatches(): number {
    return this.delivery.pending;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.delivery.deliver(metrics, (failure) => {
      if (failure === undefined) return resultCallback({ code: ExportResultCode.SUCCESS });
      this.observer?.({ exporter: 'otlp', outcome: 'dropped', samples: pointCount(metrics), seconds: 0 });
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(failure) });
    });
  }

  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  async forceFlush(): Promise<void> {
    await this.delivery.flush(this.flushTimeoutMillis);
    await this.inner.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.delivery.shutdown(this.shutdownTimeoutMillis);
    await this.inner.shutdown();
  }

  private send(metrics: ResourceMetrics): Promise<Attempt> {
    const started = performance.now();
    return new Promise((resolve) => {
      this.inner.export(metrics, (result) => {
        const seconds = (performance.now() - started) / 1000;
        const samples = pointCount(metrics);
        const ok = result.code === ExportResultCode.SUCCESS;
        this.observer?.({ exporter: 'otlp', outcome: ok ? 'sent' : 'failed', samples, seconds });
        if (ok) return resolve({ ok: true });
        const code = (result.error as { code?: unknown } | undefined)?.code;
        const retry = typeof code !== 'number' || RETRYABLE_GRPC.has(code);
        resolve({ ok: false, retry, reason: result.error?.message ?? 'export failed' });
      });
    });
  }
}
