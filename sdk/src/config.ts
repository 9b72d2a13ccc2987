import { randomUUID } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import type { AttributeValue } from './catalog/define-metric.ts';
import type { RemoteWriteOptions } from './export/remote-write/remote-write-exporter.ts';

export type ExporterName = 'otlp' | 'remote-write' | 'memory' | 'none';

/** Remote-write settings of {@link MeterlineOptions}; `url` defaults to `METERLINE_REMOTE_WRITE_URL`. */
export type RemoteWriteSettings = Partial<Omit<RemoteWriteOptions, 'observer'>>;

/** Options of {@link init}. Each overrides the standard `OTEL_*` variable named beside it. */
export interface MeterlineOptions {
  /** `service.name`. Default: `OTEL_SERVICE_NAME`, else `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, else `unknown_service:node`. */
  serviceName?: string;
  /** `service.namespace`; Prometheus `job` becomes `<namespace>/<name>`. Default: from `OTEL_RESOURCE_ATTRIBUTES`, else none. */
  serviceNamespace?: string;
  /** `service.instance.id` (Prometheus `instance`). Default: from `OTEL_RESOURCE_ATTRIBUTES`, else a random UUID. */
  serviceInstanceId?: string;
  /** Extra resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. Default: none. */
  resourceAttributes?: Record<string, AttributeValue>;
  /**
   * Where metrics go: `otlp` (gRPC to the collector), `remote-write` (straight to VictoriaMetrics),
   * `memory` (tests), `none`. Default: `METERLINE_EXPORTER`, else `OTEL_METRICS_EXPORTER` (`otlp`, `none`),
   * else `otlp`.
   */
  exporter?: ExporterName;
  /**
   * Remote-write target and options for the `remote-write` exporter. Default URL:
   * `METERLINE_REMOTE_WRITE_URL`, else `http://localhost:8428/api/v1/write`.
   */
  remoteWrite?: RemoteWriteSettings;
  /** OTLP gRPC endpoint. Default: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT`, else `http://localhost:4317`. */
  otlpEndpoint?: string;
  /** Export interval. Default: `OTEL_METRIC_EXPORT_INTERVAL`, else 60000. */
  exportIntervalMillis?: number;
  /** Export timeout. Default: `OTEL_METRIC_EXPORT_TIMEOUT`, else 30000. */
  exportTimeoutMillis?: number;
  /** Export traces over OTLP gRPC too. Default: true with the `otlp` exporter unless `OTEL_TRACES_EXPORTER=none`. */
  traces?: boolean;
  /** Report runtime metrics (memory, CPU, event loop, GC, uptime). Default: true. */
  runtimeMetrics?: boolean;
  /** Flush and shut down on SIGTERM/SIGINT, then let the signal end the process. Default: false. */
  flushOnSignals?: boolean;
  /** Environment to read `OTEL_*` variables from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedConfig {
  resourceAttributes: Record<string, AttributeValue>;
  exporter: ExporterName;
  remoteWrite: RemoteWriteSettings & { url: string };
  otlpEndpoint: string;
  exportIntervalMillis: number;
  exportTimeoutMillis: number;
  traces: boolean;
  runtimeMetrics: boolean;
  flushOnSignals: boolean;
}

/** Parses `OTEL_RESOURCE_ATTRIBUTES` (`key=value,key=value`, values percent-encoded); bad entries are skipped. */
export function parseResourceAttributes(text: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const entry of (text ?? '').split(',')) {
    const equals = entry.indexOf('=');
    if (equals <= 0) continue;
    const key = entry.slice(0, equals).trim();
    try {
      if (key !== '') attributes[key] = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      diag.warn(`@meterline/sdk: OTEL_RESOURCE_ATTRIBUTES: cannot decode the value of "${key}"; skipped`);
    }
  }
  return attributes;
}

function positiveMillis(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  diag.warn(`@meterline/sdk: ${name}="${text}" is not a positive integer; using ${fallback}`);
  return fallback;
}

function exporterFromEnv(env: Readonly<Record<string, string | undefined>>): ExporterName {
  const meterline = env.METERLINE_EXPORTER?.trim();
  if (meterline === 'otlp' || meterline === 'remote-write' || meterline === 'none') return meterline;
  if (meterline !== undefined && meterline !== '') {
    diag.warn(
      `@meterline/sdk: METERLINE_EXPORTER="${meterline}" is not one of otlp, remote-write, none; using otlp`,
    );
    return 'otlp';
  }
  const text = env.OTEL_METRICS_EXPORTER;
  const first = text?.split(',')[0]?.trim();
  if (first === undefined || first === '' || first === 'otlp') return 'otlp';
  if (first === 'none') return 'none';
  diag.warn(`@meterline/sdk: OTEL_METRICS_EXPORTER="${text}" is not supported (otlp, none); using otlp`);
  return 'otlp';
}

function nonEmpty(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}

/** Typed options over `OTEL_*` variables over defaults. */
export function resolveConfig(options: MeterlineOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const fromEnv = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES);
  const resourceAttributes: Record<string, AttributeValue> = { ...fromEnv, ...options.resourceAttributes };
  resourceAttributes['service.name'] =
    nonEmpty(options.serviceName, env.OTEL_SERVICE_NAME, fromEnv['service.name']) ?? 'unknown_service:node';
  const namespace = nonEmpty(options.serviceNamespace, fromEnv['service.namespace']);
  if (namespace !== undefined) resourceAttributes['service.namespace'] = namespace;
  resourceAttributes['service.instance.id'] =
    nonEmpty(options.serviceInstanceId, fromEnv['service.instance.id']) ?? randomUUID();
  const exporter = options.exporter ?? exporterFromEnv(env);
  return {
    resourceAttributes,
    exporter,
    remoteWrite: {
      ...options.remoteWrite,
      url:
        nonEmpty(options.remoteWrite?.url, env.METERLINE_REMOTE_WRITE_URL) ??
        'http://localhost:8428/api/v1/write',
    },
    otlpEndpoint:
      nonEmpty(
        options.otlpEndpoint,
        env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
        env.OTEL_EXPORTER_OTLP_ENDPOINT,
      ) ?? 'http://localhost:4317',
    exportIntervalMillis:
      options.exportIntervalMillis ??
      positiveMillis('OTEL_METRIC_EXPORT_INTERVAL', env.OTEL_METRIC_EXPORT_INTERVAL, 60_000),
    exportTimeoutMillis:
      options.exportTimeoutMillis ??
      positiveMillis('OTEL_METRIC_EXPORT_TIMEOUT', env.OTEL_METRIC_EXPORT_TIMEOUT, 30_000),
    traces: options.traces ?? (exporter === 'otlp' && env.OTEL_TRACES_EXPORTER?.trim() !== 'none'),
    runtimeMetrics: options.runtimeMetrics ?? true,
    flushOnSignals: options.flushOnSignals ?? false,
  };
}
