import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { Diagnostics } from '../../diagnostics.ts';
import { SDK_NAME, SDK_VERSION } from '../../version.ts';
import { type Attempt, Delivery, type DeliveryOptions } from '../delivery.ts';
import type { ExportObserver, ExportOutcome } from '../export-observer.ts';
import { writeRequestBody } from './write-request.ts';
import { WriteRequestEncoder } from './write-request-encoder.ts';

// Imported on first send: the SDK itself then loads on a Node too old for undici, and says so (node-version.ts).
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undici ??= import('undici'));

export interface RemoteWriteOptions extends DeliveryOptions {
  /**
   * Remote-write endpoint: `http://host:8428/api/v1/write` (VictoriaMetrics single node),
   * `http://vminsert:8480/insert/<tenant>/prometheus/api/v1/write` (cluster), or any Prometheus
   * remote-write receiver. Required.
   */
  url: string;
  /** Sent as `Authorization: Bearer …`. Default: none. */
  bearerToken?: string;
  /** Sent as `Authorization: Basic …`. Default: none. */
  basicAuth?: { username: string; password: string };
  /** Extra request headers (a tenant header, a proxy token). Default: none. */
  headers?: Record<string, string>;
  /** Time limit of one HTTP request. Default 10000. */
  requestTimeoutMillis?: number;
  /** How long `shutdown()` may spend on its last attempt. Default 5000. */
  shutdownTimeoutMillis?: number;
  /** How long `forceFlush()` waits for a batch that is being retried. Default 10000. */
  flushTimeoutMillis?: number;
  /** Receives sent/failed/dropped sample counts and export durations (the SDK's self-metrics). */
  observer?: ExportObserver;
}

interface Payload {
  body: Buffer;
  samples: number;
}

/**
 * Writes metrics straight to VictoriaMetrics (or any Prometheus remote-write receiver) without a
 * collector, producing exactly the series the collector's `prometheusremotewrite` exporter would.
 * Usable on its own as an OpenTelemetry `PushMetricExporter`.
 */
export class RemoteWriteExporter implements PushMetricExporter {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly requestTimeoutMillis: number;
  private readonly shutdownTimeoutMillis: number;
  private readonly flushTimeoutMillis: number;
  private readonly observer: ExportObserver | undefined;
  private readonly diagnostics = new Diagnostics();
  private readonly delivery: Delivery<Payload>;
  private readonly encoder = new WriteRequestEncoder();

  constructor(options: RemoteWriteOptions) {
    const {
      url,
      bearerToken,
      basicAuth,
      headers = {},
      requestTimeoutMillis = 10_000,
      shutdownTimeoutMillis = 5_000,
      flushTimeoutMillis = 10_000,
    } = options;
    this.url = new URL(url).toString();
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.shutdownTimeoutMillis = shutdownTimeoutMillis;
    this.flushTimeoutMillis = flushTimeoutMillis;
    this.observer = options.observer;
    this.headers = {
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': `${SDK_NAME}/${SDK_VERSION}`,
      ...headers,
    };
    if (bearerToken !== undefined) this.headers.authorization = `Bearer ${bearerToken}`;
    if (basicAuth !== undefined) {
      this.headers.authorization = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
    }
    this.delivery = new Delivery<Payload>(
      (payload, signal) => this.send(payload, signal),
      `remote write to ${this.url}`,
      options,
    );
  }

  /** Stops retrying: each remaining batch gets one more attempt. Call before a final flush at shutdown. */
  stopRetrying(): void {
    this.delivery.stopRetrying();
  }

  /** Batches held while the back end is unreachable (at most two). */
  get pendingBatches(): number {
    return this.delivery.pending;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    try {
      const { body, samples, skipped } = writeRequestBody(metrics, this.encoder);
      for (const name of skipped) {
        this.diagnostics.drop(
          `skip:${name}`,
          `remote write skips "${name}": delta and exponential-histogram metrics cannot be sent`,
        );
      }
      if (samples === 0) {
        resultCallback({ code: ExportResultCode.SUCCESS });
        return;
      }
      const payload = { body, samples };
      this.delivery.deliver(payload, (failure) => {
        if (failure === undefined) return resultCallback({ code: ExportResultCode.SUCCESS });
        this.observe('dropped', payload.samples, 0);
        resultCallback({ code: ExportResultCode.FAILED, error: new Error(failure) });
      });
    } catch (error) {
      this.diagnostics.drop('encode', `remote write could not encode a batch: ${String(error)}`);
      resultCallback({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  forceFlush(): Promise<void> {
    return this.delivery.flush(this.flushTimeoutMillis);
  }

  shutdown(): Promise<void> {
    return this.delivery.shutdown(this.shutdownTimeoutMillis);
  }

  private observe(outcome: ExportOutcome, samples: number, seconds: number): void {
    this.observer?.({ exporter: 'remote-write', outcome, samples, seconds });
  }

  private async send({ body, samples }: Payload, stop: AbortSignal): Promise<Attempt> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const { request } = await loadUndici();
      const response = await request(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: AbortSignal.any([stop, AbortSignal.timeout(this.requestTimeoutMillis)]),
      });
      const text = await response.body.text();
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        this.observe('sent', samples, seconds());
        return { ok: true };
      }
      this.observe('failed', samples, seconds());
      const reason = `HTTP ${status}${text.trim() === '' ? '' : `: ${text.trim().slice(0, 300)}`}`;
      return { ok: false, retry: status >= 500 || status === 429, reason };
    } catch (error) {
      this.observe('failed', samples, seconds());
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        retry: true,
        reason: `${cause ?? (error as Error).name}: ${(error as Error).message}`,
      };
    }
  }
}
