import { describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../config.ts';
import { OTEL_VARIABLES } from './otel-variables.ts';

// The OpenTelemetry SDK environment specification's variables for metrics and traces
// (opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables, and the OTLP and Prometheus
// exporter pages): each one is honoured, with the effect a user would check, or rejected with a warning.

const otlpNames = ['ENDPOINT', 'PROTOCOL', 'HEADERS', 'TIMEOUT', 'COMPRESSION', 'INSECURE'];
const tlsNames = ['CERTIFICATE', 'CLIENT_KEY', 'CLIENT_CERTIFICATE'];
const SPECIFICATION = [
  'OTEL_SDK_DISABLED',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_SERVICE_NAME',
  'OTEL_LOG_LEVEL',
  'OTEL_PROPAGATORS',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BSP_EXPORT_TIMEOUT',
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_SPAN_EVENT_COUNT_LIMIT',
  'OTEL_SPAN_LINK_COUNT_LIMIT',
  'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_METRICS_EXPORTER',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRIC_EXPORT_INTERVAL',
  'OTEL_METRIC_EXPORT_TIMEOUT',
  'OTEL_METRICS_EXEMPLAR_FILTER',
  'OTEL_EXPORTER_PROMETHEUS_HOST',
  'OTEL_EXPORTER_PROMETHEUS_PORT',
  'OTEL_EXPORTER_ZIPKIN_ENDPOINT',
  'OTEL_EXPORTER_ZIPKIN_TIMEOUT',
  'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
  'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
  ...['', 'METRICS_', 'TRACES_'].flatMap((signal) =>
    [...otlpNames, ...tlsNames].map((name) => `OTEL_EXPORTER_OTLP_${signal}${name}`),
  ),
];

type Effect = (config: ResolvedConfig) => unknown;
const metrics = (c: ResolvedConfig) => c.otlp.metrics;
const traces = (c: ResolvedConfig) => c.otlp.traces;

/** One row per variable: a value, what it changes, and to what (beside `others`, when it needs them). */
const HONOURED: [
  name: string,
  value: string,
  effect: Effect,
  expected: unknown,
  others?: Record<string, string>,
][] = [
  ['OTEL_SDK_DISABLED', 'true', (c) => [c.disabled, c.exporter, c.tracesExporter], [true, 'none', 'none']],
  ['OTEL_RESOURCE_ATTRIBUTES', 'team=core%20a', (c) => c.resourceAttributes.team, 'core a'],
  ['OTEL_SERVICE_NAME', 'api', (c) => c.resourceAttributes['service.name'], 'api'],
  ['OTEL_LOG_LEVEL', 'debug', (c) => c.logLevel, 'debug'],
  ['OTEL_PROPAGATORS', 'baggage', (c) => c.trace.propagators, ['baggage']],
  ['OTEL_TRACES_SAMPLER', 'parentbased_traceidratio', (c) => c.trace.sampler, 'parentbased_traceidratio'],
  ['OTEL_TRACES_SAMPLER_ARG', '0.25', (c) => c.trace.samplerRatio, 0.25],
  ['OTEL_BSP_SCHEDULE_DELAY', '200', (c) => c.trace.batch.scheduledDelayMillis, 200],
  ['OTEL_BSP_EXPORT_TIMEOUT', '3000', (c) => c.trace.batch.exportTimeoutMillis, 3000],
  ['OTEL_BSP_MAX_QUEUE_SIZE', '100', (c) => c.trace.batch.maxQueueSize, 100],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '10', (c) => c.trace.batch.maxExportBatchSize, 10],
  ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', '64', (c) => c.trace.spanLimits.attributeValueLengthLimit, 64],
  ['OTEL_ATTRIBUTE_COUNT_LIMIT', '16', (c) => c.trace.spanLimits.attributeCountLimit, 16],
  ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', '32', (c) => c.trace.spanLimits.attributeValueLengthLimit, 32],
  ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', '8', (c) => c.trace.spanLimits.attributeCountLimit, 8],
  ['OTEL_SPAN_EVENT_COUNT_LIMIT', '4', (c) => c.trace.spanLimits.eventCountLimit, 4],
  ['OTEL_SPAN_LINK_COUNT_LIMIT', '3', (c) => c.trace.spanLimits.linkCountLimit, 3],
  ['OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', '2', (c) => c.trace.spanLimits.attributePerEventCountLimit, 2],
  ['OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', '1', (c) => c.trace.spanLimits.attributePerLinkCountLimit, 1],
  ['OTEL_METRICS_EXPORTER', 'prometheus', (c) => c.exporter, 'prometheus'],
  ['OTEL_TRACES_EXPORTER', 'console', (c) => c.tracesExporter, 'console'],
  ['OTEL_METRIC_EXPORT_INTERVAL', '5000', (c) => c.exportIntervalMillis, 5000],
  ['OTEL_METRIC_EXPORT_TIMEOUT', '2500', (c) => c.exportTimeoutMillis, 2500],
  ['OTEL_EXPORTER_PROMETHEUS_HOST', '0.0.0.0', (c) => c.prometheus.host, '0.0.0.0'],
  ['OTEL_EXPORTER_PROMETHEUS_PORT', '9999', (c) => c.prometheus.port, 9999],
  ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'cumulative', (c) => c.warnings, []],
  [
    'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
    'explicit_bucket_histogram',
    (c) => c.warnings,
    [],
  ],
  // The general OTLP variables reach both signals; a signal's own reach only that signal.
  [
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'http://c:4318',
    (c) => [metrics(c).url, traces(c).url],
    ['http://c:4318/v1/metrics', 'http://c:4318/v1/traces'],
  ],
  [
    'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
    'http://m:1/x',
    (c) => [metrics(c).url, traces(c).url],
    ['http://m:1/x', 'http://localhost:4318/v1/traces'],
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'http://t:1/y',
    (c) => [metrics(c).url, traces(c).url],
    ['http://localhost:4318/v1/metrics', 'http://t:1/y'],
  ],
  [
    'OTEL_EXPORTER_OTLP_PROTOCOL',
    'grpc',
    (c) => [metrics(c).url, traces(c).url],
    ['http://localhost:4317', 'http://localhost:4317'],
  ],
  [
    'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
    'http/json',
    (c) => [metrics(c).protocol, traces(c).protocol],
    ['http/json', 'http/protobuf'],
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'grpc',
    (c) => [metrics(c).protocol, traces(c).protocol],
    ['http/protobuf', 'grpc'],
  ],
  [
    'OTEL_EXPORTER_OTLP_HEADERS',
    'a=1,b=x%20y',
    (c) => [metrics(c).headers, traces(c).headers],
    [
      { a: '1', b: 'x y' },
      { a: '1', b: 'x y' },
    ],
  ],
  [
    'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
    'a=2',
    (c) => [metrics(c).headers, traces(c).headers],
    [{ a: '2' }, {}],
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
    'a=3',
    (c) => [metrics(c).headers, traces(c).headers],
    [{}, { a: '3' }],
  ],
  [
    'OTEL_EXPORTER_OTLP_TIMEOUT',
    '1234',
    (c) => [metrics(c).timeoutMillis, traces(c).timeoutMillis],
    [1234, 1234],
  ],
  [
    'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT',
    '2000',
    (c) => [metrics(c).timeoutMillis, traces(c).timeoutMillis],
    [2000, 10_000],
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
    '3000',
    (c) => [metrics(c).timeoutMillis, traces(c).timeoutMillis],
    [10_000, 3000],
  ],
  [
    'OTEL_EXPORTER_OTLP_COMPRESSION',
    'gzip',
    (c) => [metrics(c).compression, traces(c).compression],
    ['gzip', 'gzip'],
  ],
  [
    'OTEL_EXPORTER_OTLP_METRICS_COMPRESSION',
    'gzip',
    (c) => [metrics(c).compression, traces(c).compression],
    ['gzip', 'none'],
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
    'gzip',
    (c) => [metrics(c).compression, traces(c).compression],
    ['none', 'gzip'],
  ],
  ...['', 'METRICS_', 'TRACES_'].flatMap((signal): (typeof HONOURED)[number][] => {
    const own = (c: ResolvedConfig) =>
      signal === '' ? [metrics(c), traces(c)] : signal === 'METRICS_' ? [metrics(c)] : [traces(c)];
    const name = (suffix: string) => `OTEL_EXPORTER_OTLP_${signal}${suffix}`;
    const count = signal === '' ? 2 : 1;
    return [
      // An http:// endpoint is plain text anyway; INSECURE matters for the others.
      [
        name('INSECURE'),
        'true',
        (c) => own(c).map((s) => s.insecure),
        Array(count).fill(true),
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' },
      ],
      [
        name('CERTIFICATE'),
        '/ca.pem',
        (c) => own(c).map((s) => s.certificateFile),
        Array(count).fill('/ca.pem'),
      ],
      [name('CLIENT_KEY'), '/k.pem', (c) => own(c).map((s) => s.clientKeyFile), Array(count).fill('/k.pem')],
      [
        name('CLIENT_CERTIFICATE'),
        '/c.pem',
        (c) => own(c).map((s) => s.clientCertificateFile),
        Array(count).fill('/c.pem'),
      ],
    ];
  }),
];

/** Values Meterline cannot honour: each is named in a warning, and the default is kept. */
const REJECTED: [name: string, value: string, warning: RegExp][] = [
  ['OTEL_METRICS_EXEMPLAR_FILTER', 'always_on', /OTEL_METRICS_EXEMPLAR_FILTER is not supported: .*exemplars/],
  ['OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'http://z:9411', /OTEL_EXPORTER_ZIPKIN_ENDPOINT is not supported/],
  ['OTEL_EXPORTER_ZIPKIN_TIMEOUT', '1000', /OTEL_EXPORTER_ZIPKIN_TIMEOUT is not supported/],
  [
    'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
    'delta',
    /TEMPORALITY_PREFERENCE="delta" is not supported: .*cumulative/,
  ],
  [
    'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
    'base2_exponential_bucket_histogram',
    /is not supported: histograms use the catalog's explicit buckets/,
  ],
  ['OTEL_TRACES_EXPORTER', 'zipkin', /OTEL_TRACES_EXPORTER="zipkin" is not one of otlp, console, none/],
  ['OTEL_METRICS_EXPORTER', 'otlp,console', /only the first exporter \(otlp\) is used/],
  ['OTEL_TRACES_SAMPLER', 'jaeger_remote', /OTEL_TRACES_SAMPLER="jaeger_remote" is not supported/],
  ['OTEL_TRACES_SAMPLER_ARG', '2', /not a ratio from 0 to 1/],
  ['OTEL_PROPAGATORS', 'tracecontext,b3', /b3 not bundled/],
  ['OTEL_LOG_LEVEL', 'loud', /OTEL_LOG_LEVEL="loud" is not one of none, error, warn/],
  ['OTEL_SDK_DISABLED', 'yes', /OTEL_SDK_DISABLED="yes" is not one of true, false/],
  [
    'OTEL_EXPORTER_OTLP_PROTOCOL',
    'thrift',
    /OTEL_EXPORTER_OTLP_PROTOCOL="thrift" is not one of http\/protobuf, http\/json, grpc/,
  ],
  [
    'OTEL_EXPORTER_OTLP_COMPRESSION',
    'zstd',
    /OTEL_EXPORTER_OTLP_COMPRESSION="zstd" is not one of gzip, none/,
  ],
  ['OTEL_EXPORTER_OTLP_TIMEOUT', '-1', /OTEL_EXPORTER_OTLP_TIMEOUT="-1" is not a positive integer/],
  ['OTEL_EXPORTER_OTLP_HEADERS', 'novalue', /OTEL_EXPORTER_OTLP_HEADERS: "novalue" is not key=value/],
  ['OTEL_METRIC_EXPORT_INTERVAL', 'soon', /OTEL_METRIC_EXPORT_INTERVAL="soon" is not a positive integer/],
  ['OTEL_BSP_MAX_QUEUE_SIZE', 'many', /OTEL_BSP_MAX_QUEUE_SIZE="many" is not a non-negative integer/],
  ['OTEL_RESOURCE_ATTRIBUTES', 'bad=%E0%A4%A', /OTEL_RESOURCE_ATTRIBUTES: "bad=%E0%A4%A" is not key=value/],
];

describe('the OpenTelemetry SDK environment variables', () => {
  it('lists every variable of the specification that applies to metrics and traces, and only those', () => {
    expect(Object.keys(OTEL_VARIABLES).sort()).toEqual([...SPECIFICATION].sort());
  });

  it('has a row below for every variable: honoured with its effect, or rejected with a warning', () => {
    const covered = new Set([...HONOURED.map(([name]) => name), ...REJECTED.map(([name]) => name)]);
    expect(SPECIFICATION.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(HONOURED)('honours %s=%s', (name, value, effect, expected, others = {}) => {
    const defaults = resolveConfig({ env: others });
    const config = resolveConfig({ env: { ...others, [name]: value } });
    expect(effect(config)).toEqual(expected);
    expect(config.warnings).toEqual([]);
    // The row shows a change, not a default that holds anyway (unless it is about warnings).
    if (!Array.isArray(expected) || expected.length > 0) expect(effect(defaults)).not.toEqual(expected);
  });

  it.each(REJECTED)('warns about %s=%s', (name, value, warning) => {
    const config = resolveConfig({ env: { [name]: value } });
    expect(config.warnings.join('\n')).toMatch(warning);
  });

  it('reads only options.env when it is given, never process.env', () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_HEADERS: 'leak=1',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_SDK_DISABLED: 'true',
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    try {
      const config = resolveConfig({ env: {} });
      expect([
        config.otlp.metrics.headers,
        config.otlp.metrics.protocol,
        config.disabled,
        config.trace.sampler,
      ]).toEqual([{}, 'http/protobuf', false, 'parentbased_always_on']);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    }
  });

  it('lets options override the variables', () => {
    const env = {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4317',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=env,b=env',
      OTEL_LOG_LEVEL: 'error',
      OTEL_SDK_DISABLED: 'true',
    };
    const config = resolveConfig({
      env,
      otlpProtocol: 'http/json',
      otlpEndpoint: 'http://opt:4318/v1/metrics',
      otlpHeaders: { a: 'opt' },
      logLevel: 'info',
      disabled: false,
    });
    expect([config.otlp.metrics, config.otlp.traces.url, config.logLevel, config.disabled]).toEqual([
      expect.objectContaining({
        protocol: 'http/json',
        url: 'http://opt:4318/v1/metrics',
        headers: { a: 'opt', b: 'env' },
      }),
      'http://env:4317/v1/traces',
      'info',
      false,
    ]);
  });
});
