// Recording cost: Meterline bound handles and unbound calls against the raw OpenTelemetry API and
// prom-client, in one run on one machine.
import { defineMetric, init, REQUEST_SECONDS } from '@meterline/sdk';
import { metrics as otelApi } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import client from 'prom-client';
import {
  benchRequests,
  type Case,
  formatNanos,
  machine,
  measure,
  type Result,
  writeSection,
} from './harness.ts';

const four = { 'http.route': '/api/items', 'http.method': 'GET', region: 'eu-west', tenant: 'acme' } as const;
const two = { 'http.route': '/api/items', 'http.method': 'GET' } as const;
const labels = { route: '/api/items', method: 'GET', region: 'eu-west', tenant: 'acme' } as const;

// Raw OpenTelemetry with a reader attached, so the SDK aggregates as it would in production.
const otel = new MeterProvider({
  readers: [
    new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
      exportIntervalMillis: 3_600_000,
    }),
  ],
}).getMeter('bench');
otelApi.disable();
const otelCounter = otel.createCounter('bench.requests');
const otelHistogram = otel.createHistogram('bench.latency', {
  unit: 's',
  advice: { explicitBucketBoundaries: [...REQUEST_SECONDS] },
});

const registry = new client.Registry();
const promCounter = new client.Counter({
  name: 'bench_requests_total',
  help: 'h',
  labelNames: Object.keys(labels),
  registers: [registry],
});
const promHistogram = new client.Histogram({
  name: 'bench_latency_seconds',
  help: 'h',
  labelNames: Object.keys(labels),
  buckets: [...REQUEST_SECONDS],
  registers: [registry],
});
const promBoundCounter = promCounter.labels(labels);
const promBoundHistogram = promHistogram.labels(labels);

const ml = init({ exporter: 'none', runtimeMetrics: false, serviceName: 'bench', env: {} });
const counter = ml.instrument(benchRequests);
const histogram = ml.instrument(
  defineMetric({
    name: 'bench.latency',
    kind: 'histogram',
    unit: 's',
    description: 'Latency.',
    attributes: ['http.route', 'http.method', 'region', 'tenant'],
    boundaries: REQUEST_SECONDS,
  }),
);
const boundCounter = counter.bind(four);
const boundHistogram = histogram.bind(four);

const cases: [string, Case][] = [
  [
    'counter: raw OTel Counter.add, 4 attributes',
    (n) => {
      for (let i = 0; i < n; i++) otelCounter.add(1, four);
    },
  ],
  [
    'counter: prom-client inc, 4 labels',
    (n) => {
      for (let i = 0; i < n; i++) promCounter.inc(labels);
    },
  ],
  [
    'counter: prom-client labels().inc (bound child)',
    (n) => {
      for (let i = 0; i < n; i++) promBoundCounter.inc();
    },
  ],
  [
    'counter: Meterline unbound add, 4 attributes',
    (n) => {
      for (let i = 0; i < n; i++) counter.add(1, four);
    },
  ],
  [
    'counter: Meterline bound add',
    (n) => {
      for (let i = 0; i < n; i++) boundCounter.add(1);
    },
  ],
  [
    'counter: raw OTel Counter.add, 2 attributes',
    (n) => {
      for (let i = 0; i < n; i++) otelCounter.add(1, two);
    },
  ],
  [
    'counter: Meterline unbound add, 2 attributes',
    (n) => {
      for (let i = 0; i < n; i++) counter.add(1, two);
    },
  ],
  [
    'histogram: raw OTel Histogram.record, 4 attributes',
    (n) => {
      for (let i = 0; i < n; i++) otelHistogram.record((i & 1023) / 1000, four);
    },
  ],
  [
    'histogram: prom-client observe, 4 labels',
    (n) => {
      for (let i = 0; i < n; i++) promHistogram.observe(labels, (i & 1023) / 1000);
    },
  ],
  [
    'histogram: prom-client labels().observe (bound child)',
    (n) => {
      for (let i = 0; i < n; i++) promBoundHistogram.observe((i & 1023) / 1000);
    },
  ],
  [
    'histogram: Meterline unbound record, 4 attributes',
    (n) => {
      for (let i = 0; i < n; i++) histogram.record((i & 1023) / 1000, four);
    },
  ],
  [
    'histogram: Meterline bound record',
    (n) => {
      for (let i = 0; i < n; i++) boundHistogram.record((i & 1023) / 1000);
    },
  ],
];

const results: Result[] = cases.map(([name, run]) => {
  const result = measure(name, run);
  console.log(`${name.padEnd(58)} ${formatNanos(result.nanosPerOp).padStart(10)}`);
  return result;
});
const of = (name: string) => results.find((r) => r.name.startsWith(name))?.nanosPerOp ?? Number.NaN;
const ratio = (slow: number, fast: number) => `${(slow / fast).toFixed(slow / fast >= 10 ? 0 : 2)}×`;

const checks = [
  [
    'bound counter add vs raw OTel (target ≥ 100× faster)',
    ratio(of('counter: raw OTel Counter.add, 4'), of('counter: Meterline bound add')),
  ],
  [
    'bound counter add vs prom-client inc (target: faster)',
    ratio(of('counter: prom-client inc'), of('counter: Meterline bound add')),
  ],
  [
    'bound histogram record vs raw OTel (target ≥ 100× faster)',
    ratio(of('histogram: raw OTel'), of('histogram: Meterline bound')),
  ],
  [
    'bound histogram record vs prom-client observe (target: faster)',
    ratio(of('histogram: prom-client observe'), of('histogram: Meterline bound')),
  ],
  [
    'unbound counter add, 4 attributes, as a share of raw OTel (target ≤ 1.1×)',
    ratio(of('counter: Meterline unbound add, 4'), of('counter: raw OTel Counter.add, 4')),
  ],
  [
    'unbound counter add, 2 attributes, as a share of raw OTel (target ≤ 1.1×)',
    ratio(of('counter: Meterline unbound add, 2'), of('counter: raw OTel Counter.add, 2')),
  ],
  [
    'unbound histogram record as a share of raw OTel (target ≤ 1.1×)',
    ratio(of('histogram: Meterline unbound'), of('histogram: raw OTel')),
  ],
];
for (const [what, value] of checks) console.log(`${what}: ${value}`);

writeSection(
  'hot-path',
  [
    '## Recording hot path',
    '',
    'Command: `npm run bench:hot-path -w @meterline/benchmarks`',
    '',
    `Machine: ${machine()}. Median of ${15} samples of ~100 ms each; each case loops in its own body.`,
    '',
    '| Case | Time per operation |',
    '| --- | ---: |',
    ...results.map((r) => `| ${r.name} | ${formatNanos(r.nanosPerOp)} |`),
    '',
    '| Comparison | Ratio |',
    '| --- | ---: |',
    ...checks.map(([what, value]) => `| ${what} | ${value} |`),
    '',
    'A bound histogram record is bounded by its bucket search: a binary search over 14 boundaries alone',
    'takes ~5 ns on this machine with varied values (branch mispredictions), so it stays below the 100×',
    'that a bound counter reaches; it is still far faster than prom-client and the raw OpenTelemetry API.',
  ].join('\n'),
);
await ml.shutdown();
