import { describe, expect, it } from 'vitest';
import { type MeterlineOptions, parseResourceAttributes, resolveConfig } from './config.ts';

describe('resolveConfig', () => {
  const cases: [
    what: string,
    options: MeterlineOptions,
    expected: Partial<ReturnType<typeof resolveConfig>>,
  ][] = [
    [
      'defaults',
      { env: {} },
      {
        exporter: 'otlp',
        exportIntervalMillis: 60_000,
        exportTimeoutMillis: 30_000,
        tracesExporter: 'otlp',
        runtimeMetrics: true,
        flushOnSignals: false,
        logLevel: 'warn',
        registerGlobals: true,
        warnings: [],
      },
    ],
    ['env interval', { env: { OTEL_METRIC_EXPORT_INTERVAL: '5000' } }, { exportIntervalMillis: 5000 }],
    [
      'bad env interval falls back',
      { env: { OTEL_METRIC_EXPORT_INTERVAL: 'soon' } },
      { exportIntervalMillis: 60_000 },
    ],
    [
      'option interval wins',
      { exportIntervalMillis: 1000, env: { OTEL_METRIC_EXPORT_INTERVAL: '5000' } },
      { exportIntervalMillis: 1000 },
    ],
    ['env timeout', { env: { OTEL_METRIC_EXPORT_TIMEOUT: '2500' } }, { exportTimeoutMillis: 2500 }],
    [
      'metrics exporter none',
      { env: { OTEL_METRICS_EXPORTER: 'none' } },
      { exporter: 'none', tracesExporter: 'none' },
    ],
    ['traces exporter none', { env: { OTEL_TRACES_EXPORTER: 'none' } }, { tracesExporter: 'none' }],
    [
      'memory exporter has no traces',
      { exporter: 'memory', env: {} },
      { exporter: 'memory', tracesExporter: 'none' },
    ],
    [
      'remote write from env',
      { env: { METERLINE_EXPORTER: 'remote-write' } },
      {
        exporter: 'remote-write',
        tracesExporter: 'none',
        remoteWrite: { url: 'http://localhost:8428/api/v1/write' },
      },
    ],
    [
      'remote write with traces asked for',
      { env: { METERLINE_EXPORTER: 'remote-write', OTEL_TRACES_EXPORTER: 'otlp' } },
      { exporter: 'remote-write', tracesExporter: 'otlp' },
    ],
    ['disabled by option', { disabled: true, env: {} }, { exporter: 'none', tracesExporter: 'none' }],
    [
      'METERLINE_EXPORTER wins over OTEL_METRICS_EXPORTER',
      { env: { METERLINE_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'otlp' } },
      { exporter: 'none' },
    ],
    [
      'unknown METERLINE_EXPORTER falls back, with a warning',
      { env: { METERLINE_EXPORTER: 'kafka' } },
      {
        exporter: 'otlp',
        warnings: [
          'METERLINE_EXPORTER="kafka" is not one of otlp, remote-write, prometheus, console, none; using otlp',
        ],
      },
    ],
    [
      'remote-write URL from env',
      { env: { METERLINE_REMOTE_WRITE_URL: 'http://vm:8428/api/v1/write' } },
      { remoteWrite: { url: 'http://vm:8428/api/v1/write' } },
    ],
    [
      'remote-write options win',
      {
        remoteWrite: { url: 'http://a/api/v1/write', bearerToken: 't' },
        env: { METERLINE_REMOTE_WRITE_URL: 'http://b/api/v1/write' },
      },
      { remoteWrite: { url: 'http://a/api/v1/write', bearerToken: 't' } },
    ],
  ];
  it.each(cases)('%s', (_what, options, expected) => {
    expect(resolveConfig(options)).toMatchObject(expected);
  });

  it('takes the service name from options, then OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES', () => {
    const env = { OTEL_SERVICE_NAME: 'from-env', OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' };
    expect(resolveConfig({ serviceName: 'opt', env }).resourceAttributes['service.name']).toBe('opt');
    expect(resolveConfig({ env }).resourceAttributes['service.name']).toBe('from-env');
    expect(
      resolveConfig({ env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' } }).resourceAttributes[
        'service.name'
      ],
    ).toBe('from-attrs');
    expect(resolveConfig({ env: {} }).resourceAttributes['service.name']).toBe('unknown_service:node');
  });

  it('builds the resource from env attributes, options and identity', () => {
    const config = resolveConfig({
      serviceNamespace: 'shop',
      resourceAttributes: { 'deployment.environment.name': 'prod' },
      env: {
        OTEL_RESOURCE_ATTRIBUTES: 'team=core,service.instance.id=pod-1,deployment.environment.name=dev',
      },
    });
    expect(config.resourceAttributes).toEqual({
      team: 'core',
      'deployment.environment.name': 'prod',
      'service.name': 'unknown_service:node',
      'service.namespace': 'shop',
      'service.instance.id': 'pod-1',
    });
  });

  it('gives each process a distinct instance id by default', () => {
    const a = resolveConfig({ env: {} }).resourceAttributes['service.instance.id'];
    const b = resolveConfig({ env: {} }).resourceAttributes['service.instance.id'];
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });
});

describe('parseResourceAttributes', () => {
  const cases: [text: string | undefined, expected: Record<string, string>][] = [
    [undefined, {}],
    ['', {}],
    ['a=1', { a: '1' }],
    ['a=1, b = two ', { a: '1', b: 'two' }],
    ['a=hello%20world', { a: 'hello world' }],
    ['a=x=y', { a: 'x=y' }],
    ['=orphan,novalue,c=3', { c: '3' }],
    ['bad=%E0%A4%A,good=1', { good: '1' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseResourceAttributes(text)).toEqual(expected);
  });
});
