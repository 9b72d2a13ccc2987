import { randomUUID } from 'node:crypto';
import type { DiagLogger } from '@opentelemetry/api';
import type { AttributeValue } from './catalog/define-metric.ts';
import { LOG_LEVELS, type LogLevel } from './diagnostics.ts';
import { type Environment, read, rejectedVariables } from './environment/otel-variables.ts';
import {
  type OtlpProtocol,
  type OtlpSettings,
  otlpSettings,
  parseKeyValues,
} from './environment/otlp-settings.ts';
import { type TraceSettings, traceSettings } from './environment/trace-settings.ts';
import type { RemoteWriteOptions } from './export/remote-write/remote-write-exporter.ts';
import { unsupportedNode } from './node-version.ts';

/**
 * Where metrics go: `otlp` (to the collector), `remote-write` (straight to VictoriaMetrics), `prometheus`
 * (a pull endpoint to scrape), `console` (stdout), `memory` (tests), `none`.
 */
export type ExporterName = 'otlp' | 'remote-write' | 'prometheus' | 'console' | 'memory' | 'none';
/** Where spans go. */
export type TracesExporterName = 'otlp' | 'console' | 'none';

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
  /** Records nothing and exports nothing; instruments still work. Default: `OTEL_SDK_DISABLED`, else false. */
  disabled?: boolean;
  /**
   * Where metrics go (see {@link ExporterName}). Default: `METERLINE_EXPORTER`, else the first of
   * `OTEL_METRICS_EXPORTER` (`otlp`, `prometheus`, `console`, `none`), else `otlp`.
   */
  exporter?: ExporterName;
  /**
   * Remote-write target and options for the `remote-write` exporter. Default URL:
   * `METERLINE_REMOTE_WRITE_URL`, else `http://localhost:8428/api/v1/write`.
   */
  remoteWrite?: RemoteWriteSettings;
  /** OTLP protocol of both signals. Default: `OTEL_EXPORTER_OTLP_{METRICS,TRACES}_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`. */
  otlpProtocol?: OtlpProtocol;
  /**
   * OTLP metrics endpoint, as the exporter uses it (`http://host:4318/v1/metrics`, or `http://host:4317`
   * for gRPC). Default: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` (with
   * `/v1/metrics` appended for HTTP), else localhost on the protocol's port.
   */
  otlpEndpoint?: string;
  /** OTLP traces endpoint, likewise. Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else from `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  otlpTracesEndpoint?: string;
  /** Headers of both signals' OTLP requests, over `OTEL_EXPORTER_OTLP_HEADERS` and the per-signal ones. */
  otlpHeaders?: Record<string, string>;
  /** `gzip` or `none`. Default: `OTEL_EXPORTER_OTLP_{METRICS,TRACES}_COMPRESSION`, else `OTEL_EXPORTER_OTLP_COMPRESSION`, else `none`. */
  otlpCompression?: 'gzip' | 'none';
  /** The `prometheus` exporter's listening address. Default: `OTEL_EXPORTER_PROMETHEUS_HOST`/`_PORT`, else localhost:9464. */
  prometheus?: { host?: string; port?: number };
  /** Export interval. Default: `OTEL_METRIC_EXPORT_INTERVAL`, else 60000. */
  exportIntervalMillis?: number;
  /** Export timeout. Default: `OTEL_METRIC_EXPORT_TIMEOUT`, else 30000. */
  exportTimeoutMillis?: number;
  /**
   * Export traces. Default: with the `otlp` metrics exporter, or whenever `OTEL_TRACES_EXPORTER` is set
   * (`otlp`, `console`, `none`).
   */
  traces?: boolean;
  /** Diagnostics written from this level up (`none`: Meterline installs no logger). Default: `OTEL_LOG_LEVEL`, else `warn`. */
  logLevel?: LogLevel;
  /** Where diagnostics go. Default: stderr, a line each, a repeated message at most once a minute. */
  logger?: DiagLogger;
  /** Register the meter, tracer and propagator globally, so OpenTelemetry instrumentations report through Meterline. Default: true. */
  registerGlobals?: boolean;
  /** Report runtime metrics (memory, CPU, event loop, GC, uptime). Default: true. */
  runtimeMetrics?: boolean;
  /** Flush and shut down on SIGTERM/SIGINT, then let the signal end the process. Default: false. */
  flushOnSignals?: boolean;
  /** Environment to read `OTEL_*` variables from. Default: `process.env`. */
  env?: Environment;
}

export interface ResolvedConfig {
  disabled: boolean;
  resourceAttributes: Record<string, AttributeValue>;
  exporter: ExporterName;
  remoteWrite: RemoteWriteSettings & { url: string };
  otlp: { metrics: OtlpSettings; traces: OtlpSettings };
  prometheus: { host: string; port: number };
  exportIntervalMillis: number;
  exportTimeoutMillis: number;
  tracesExporter: TracesExporterName;
  trace: TraceSettings;
  logLevel: LogLevel;
  registerGlobals: boolean;
  runtimeMetrics: boolean;
  flushOnSignals: boolean;
  /** What was set but could not be honoured; written to the log when the SDK starts. */
  warnings: string[];
}

/** Parses `OTEL_RESOURCE_ATTRIBUTES` (`key=value,key=value`, values percent-encoded); bad entries are skipped. */
export function parseResourceAttributes(
  text: string | undefined,
  warnings: string[] = [],
): Record<string, string> {
  return parseKeyValues(text, 'OTEL_RESOURCE_ATTRIBUTES', warnings);
}

/** One value of `allowed` from the first variable set, else `fallback`; anything else is a warning. */
function oneOf<T extends string>(
  env: Environment,
  name: string,
  allowed: readonly T[],
  fallback: T,
  warnings: string[],
): T {
  const value = read(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  warnings.push(`${name}="${env[name]}" is not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}

function positiveMillis(env: Environment, name: string, fallback: number, warnings: string[]): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  warnings.push(`${name}="${text}" is not a positive integer; using ${fallback}`);
  return fallback;
}

function metricsExporter(env: Environment, warnings: string[]): ExporterName {
  if (read(env, 'METERLINE_EXPORTER') !== undefined) {
    return oneOf(
      env,
      'METERLINE_EXPORTER',
      ['otlp', 'remote-write', 'prometheus', 'console', 'none'],
      'otlp',
      warnings,
    );
  }
  // The specification allows a list; Meterline exports metrics one way, so it takes the first.
  const [first, ...rest] = (read(env, 'OTEL_METRICS_EXPORTER') ?? 'otlp')
    .split(',')
    .map((name) => name.trim());
  if (rest.length > 0) warnings.push(`OTEL_METRICS_EXPORTER: only the first exporter (${first}) is used`);
  return oneOf(
    { OTEL_METRICS_EXPORTER: first },
    'OTEL_METRICS_EXPORTER',
    ['otlp', 'prometheus', 'console', 'none'],
    'otlp',
    warnings,
  );
}

function nonEmpty(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}

/** Typed options over `OTEL_*` variables over defaults; every value is read from `options.env`. */
export function resolveConfig(options: MeterlineOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const warnings: string[] = [...rejectedVariables(env)];
  const fromEnv = parseResourceAttributes(read(env, 'OTEL_RESOURCE_ATTRIBUTES'), warnings);
  const resourceAttributes: Record<string, AttributeValue> = { ...fromEnv, ...options.resourceAttributes };
  resourceAttributes['service.name'] =
    nonEmpty(options.serviceName, env.OTEL_SERVICE_NAME, fromEnv['service.name']) ?? 'unknown_service:node';
  const namespace = nonEmpty(options.serviceNamespace, fromEnv['service.namespace']);
  if (namespace !== undefined) resourceAttributes['service.namespace'] = namespace;
  resourceAttributes['service.instance.id'] =
    nonEmpty(options.serviceInstanceId, fromEnv['service.instance.id']) ?? randomUUID();

  const oldNode = unsupportedNode();
  if (oldNode !== undefined) warnings.push(oldNode);
  const disabled =
    oldNode !== undefined ||
    (options.disabled ?? oneOf(env, 'OTEL_SDK_DISABLED', ['true', 'false'], 'false', warnings) === 'true');
  const exporter = disabled ? 'none' : (options.exporter ?? metricsExporter(env, warnings));
  const tracesFromEnv = oneOf(env, 'OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'], 'otlp', warnings);
  const tracesWanted =
    options.traces ?? (read(env, 'OTEL_TRACES_EXPORTER') !== undefined || exporter === 'otlp');
  const shared = {
    ...(options.otlpProtocol === undefined ? {} : { protocol: options.otlpProtocol }),
    ...(options.otlpHeaders === undefined ? {} : { headers: options.otlpHeaders }),
    ...(options.otlpCompression === undefined ? {} : { compression: options.otlpCompression }),
  };
  const port = read(env, 'OTEL_EXPORTER_PROMETHEUS_PORT');
  const exportTimeoutMillis =
    options.exportTimeoutMillis ?? positiveMillis(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, warnings);
  const metrics = otlpSettings('metrics', env, { ...shared, ...endpoint(options.otlpEndpoint) }, warnings);
  return {
    disabled,
    resourceAttributes,
    exporter,
    remoteWrite: {
      ...options.remoteWrite,
      url:
        nonEmpty(options.remoteWrite?.url, env.METERLINE_REMOTE_WRITE_URL) ??
        'http://localhost:8428/api/v1/write',
    },
    otlp: {
      // A request outlasting the export it belongs to could never report why it failed.
      metrics: { ...metrics, timeoutMillis: Math.min(metrics.timeoutMillis, exportTimeoutMillis) },

      traces: otlpSettings('traces', env, { ...shared, ...endpoint(options.otlpTracesEndpoint) }, warnings),
    },
    prometheus: {
      host: options.prometheus?.host ?? read(env, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? 'localhost',
      port:
        options.prometheus?.port ??
        (port === undefined ? 9464 : positiveMillis(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9464, warnings)),
    },
    exportIntervalMillis:
      options.exportIntervalMillis ?? positiveMillis(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, warnings),
    exportTimeoutMillis,
    tracesExporter: disabled || !tracesWanted ? 'none' : tracesFromEnv,
    trace: traceSettings(env, warnings),
    logLevel: options.logLevel ?? oneOf(env, 'OTEL_LOG_LEVEL', LOG_LEVELS, 'warn', warnings),
    registerGlobals: options.registerGlobals ?? true,
    runtimeMetrics: options.runtimeMetrics ?? true,
    flushOnSignals: options.flushOnSignals ?? false,
    warnings: [...warnings, ...unsupportedMetricPreferences(env)],
  };
}

function endpoint(value: string | undefined): { endpoint?: string } {
  return value === undefined ? {} : { endpoint: value };
}

/** Metric variables whose other values Meterline's cumulative, explicit-bucket pipeline cannot honour. */
function unsupportedMetricPreferences(env: Environment): string[] {
  const temporality = read(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE')?.toLowerCase();
  const histogram = read(env, 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION')?.toLowerCase();
  return [
    ...(temporality === undefined || temporality === 'cumulative'
      ? []
      : [
          `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE="${temporality}" is not supported: Meterline exports cumulative sums, which Prometheus and VictoriaMetrics need`,
        ]),
    ...(histogram === undefined || histogram === 'explicit_bucket_histogram'
      ? []
      : [
          `OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION="${histogram}" is not supported: histograms use the catalog's explicit buckets`,
        ]),
  ];
}
