// The OpenTelemetry SDK environment variables that apply to metrics and traces, and what Meterline does
// with each: honours it, or rejects what it cannot do with a diagnostic. Read from `options.env` only.

/** How Meterline treats a variable of the specification: honours it, or says why it does not. */
export type Handling = 'honoured' | { rejected: string };

const otlp = [
  'ENDPOINT',
  'PROTOCOL',
  'HEADERS',
  'TIMEOUT',
  'COMPRESSION',
  'INSECURE',
  'CERTIFICATE',
] as const;
const otlpClient = ['CLIENT_KEY', 'CLIENT_CERTIFICATE'] as const;
const otlpVariables = ['', 'METRICS_', 'TRACES_'].flatMap((signal) =>
  [...otlp, ...otlpClient].map((name) => `OTEL_EXPORTER_OTLP_${signal}${name}`),
);

/**
 * Every variable of the specification that applies to metrics and traces. `rejected` ones are warned
 * about when set: each says why Meterline does not do what it asks.
 */
export const OTEL_VARIABLES: Readonly<Record<string, Handling>> = {
  OTEL_SDK_DISABLED: 'honoured',
  OTEL_RESOURCE_ATTRIBUTES: 'honoured',
  OTEL_SERVICE_NAME: 'honoured',
  OTEL_LOG_LEVEL: 'honoured',
  OTEL_PROPAGATORS: 'honoured',
  OTEL_TRACES_SAMPLER: 'honoured',
  OTEL_TRACES_SAMPLER_ARG: 'honoured',
  OTEL_BSP_SCHEDULE_DELAY: 'honoured',
  OTEL_BSP_EXPORT_TIMEOUT: 'honoured',
  OTEL_BSP_MAX_QUEUE_SIZE: 'honoured',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'honoured',
  OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'honoured',
  OTEL_ATTRIBUTE_COUNT_LIMIT: 'honoured',
  OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'honoured',
  OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'honoured',
  OTEL_SPAN_EVENT_COUNT_LIMIT: 'honoured',
  OTEL_SPAN_LINK_COUNT_LIMIT: 'honoured',
  OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: 'honoured',
  OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: 'honoured',
  OTEL_METRICS_EXPORTER: 'honoured',
  OTEL_TRACES_EXPORTER: 'honoured',
  OTEL_METRIC_EXPORT_INTERVAL: 'honoured',
  OTEL_METRIC_EXPORT_TIMEOUT: 'honoured',
  OTEL_EXPORTER_PROMETHEUS_HOST: 'honoured',
  OTEL_EXPORTER_PROMETHEUS_PORT: 'honoured',
  ...Object.fromEntries(otlpVariables.map((name) => [name, 'honoured'])),
  OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'honoured',
  OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'honoured',
  OTEL_METRICS_EXEMPLAR_FILTER: {
    rejected: 'Meterline records no exemplars; series link to traces by shared attributes',
  },
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: { rejected: 'the Zipkin exporter is not bundled; use otlp' },
  OTEL_EXPORTER_ZIPKIN_TIMEOUT: { rejected: 'the Zipkin exporter is not bundled; use otlp' },
};

/** The environment Meterline reads: `options.env`, else `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; undefined when unset or blank (the specification treats both alike). */
export function read(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The first of `names` that is set: a signal-specific variable before the general one. */
export function readFirst(env: Environment, ...names: string[]): [name: string, value: string] | undefined {
  for (const name of names) {
    const value = read(env, name);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

/** The variables set in `env` that Meterline rejects, with why. */
export function rejectedVariables(env: Environment): string[] {
  return Object.entries(OTEL_VARIABLES).flatMap(([name, handling]) =>
    typeof handling === 'object' && read(env, name) !== undefined
      ? [`${name} is not supported: ${handling.rejected}`]
      : [],
  );
}
