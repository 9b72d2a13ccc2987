import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VICTORIAMETRICS_UID } from '@meterline/dashboards';
import {
  CLAUDE_CODE_IDENTITY_ATTRIBUTES,
  catalog,
  metrics,
  sanitizeLabelName,
  toPrometheusName,
} from '@meterline/sdk';
import { resolveConfig } from '@meterline/sdk/internal';
import {
  type CollectorConfig,
  type ComposeFile,
  collectorProblems,
  composeProblems,
  consistencyProblems,
  findCollector,
  type StackFacts,
} from '@meterline/testing';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEARCH_LATENCY_OFFSET } from '../processes/index.ts';
import { DEFAULT_STATS_API_PORT } from '../stats-api/config.ts';
import { withGeneratedConnector } from './claude-code-connector.ts';
import { rollupsYaml } from './rollups.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const composePath = fileURLToPath(new URL('docker-compose.observability.yml', root));

const compose = (): ComposeFile => parse(read('docker-compose.observability.yml'));
const collector = (): CollectorConfig => parse(read('otel-collector-config.yaml'));
const manifest = parse(read('testing/fixtures/reference/otelcol-contrib/manifest-0.159.0.yaml')) as Record<
  string,
  unknown
>;
const manifestModules = new Set(
  Object.values(manifest)
    .flatMap((entries) => (Array.isArray(entries) ? (entries as { gomod?: string }[]) : []))
    .flatMap((entry) => (entry.gomod === undefined ? [] : [entry.gomod.split(' ')[0] as string])),
);
const components = parse(execFileSync(findCollector(), ['components'], { encoding: 'utf8' })) as Record<
  string,
  { name: string; module: string }[]
>;
const distribution = Object.fromEntries(
  ['extensions', 'receivers', 'processors', 'exporters', 'connectors'].map((kind) => [
    kind,
    Object.fromEntries((components[kind] ?? []).map((c) => [c.name, c.module.split(' ')[0] as string])),
  ]),
) as Parameters<typeof collectorProblems>[1];
interface ConnectorMetric {
  name: string;
  unit: string;
  description: string;
  attributes: { key: string; optional?: boolean }[];
  sum?: { monotonic?: boolean };
  histogram?: { buckets: number[] };
}

const sdkDefaults = resolveConfig({ env: {} });
const facts = (): StackFacts => ({
  compose: compose(),
  collector: collector(),
  datasources: parse(read('stack/grafana/provisioning/datasources/meterline.yaml')),
  dashboardProvider: parse(read('stack/grafana/provisioning/dashboards/meterline.yaml')),
  dashboardsDatasourceUid: VICTORIAMETRICS_UID,
  sdkOtlpEndpoint: sdkDefaults.otlp.metrics.url,
  sdkOtlpProtocol: sdkDefaults.otlp.metrics.protocol,
  searchLatencyOffset: SEARCH_LATENCY_OFFSET,
  sdkRemoteWriteUrl: sdkDefaults.remoteWrite.url,
  statsApiPort: DEFAULT_STATS_API_PORT,
});

describe('docker-compose.observability.yml', () => {
  it('validates with docker-compose, and refuses to start Grafana without an admin password', () => {
    const env = { PATH: process.env.PATH ?? '' };
    execFileSync('docker-compose', ['-f', composePath, '--profile', 'rollups', 'config', '-q'], {
      env: { ...env, GRAFANA_ADMIN_PASSWORD: 'x' },
    });
    expect(() =>
      execFileSync('docker-compose', ['-f', composePath, 'config', '-q'], { env, stdio: 'pipe' }),
    ).toThrow(/set GRAFANA_ADMIN_PASSWORD/);
  });

  it('pins images, publishes on 127.0.0.1 only, checks health, declares its volumes', () => {
    expect(composeProblems(compose())).toEqual([]);
  });

  const mutations: [what: string, mutate: (c: ComposeFile) => void, problem: RegExp][] = [
    [
      'an unpinned image',
      (c) => (c.services.jaeger = { ...c.services.jaeger, image: 'jaegertracing/jaeger:latest' }),
      /jaeger: image .* is not pinned/,
    ],
    [
      'an image without a tag',
      (c) => (c.services.grafana = { ...c.services.grafana, image: 'grafana/grafana' }),
      /grafana: image .* is not pinned/,
    ],
    [
      'a port on all interfaces',
      (c) => c.services.victoriametrics?.ports?.push('8428:8428'),
      /published beyond 127.0.0.1/,
    ],
    ['a missing healthcheck', (c) => delete c.services.jaeger?.healthcheck, /jaeger: no healthcheck/],
    [
      'an undeclared volume',
      (c) => c.services.grafana?.volumes?.push('plugins:/var/lib/grafana/plugins'),
      /volume plugins is not declared/,
    ],
  ];
  it.each(mutations)('catches %s', (_what, mutate, problem) => {
    const mutated = compose();
    mutate(mutated);
    expect(composeProblems(mutated).join('\n')).toMatch(problem);
  });
});

describe('otel-collector-config.yaml', () => {
  it('uses only components of our distribution and of the reference release, each defined and used', () => {
    expect(collectorProblems(collector(), distribution, manifestModules)).toEqual([]);
  });

  it('is accepted by the built collector', () => {
    execFileSync(findCollector(), [
      'validate',
      `--config=${fileURLToPath(new URL('otel-collector-config.yaml', root))}`,
    ]);
  });

  const mutations: [what: string, mutate: (c: CollectorConfig) => void, problem: RegExp][] = [
    [
      'an undefined pipeline element',
      (c) => c.service.pipelines.metrics?.processors?.push('filter'),
      /processors filter is not defined/,
    ],
    [
      'a defined but unused component',
      (c) => ((c.processors as Record<string, unknown>)['batch/unused'] = {}),
      /batch\/unused is defined but not used/,
    ],
    [
      'a component outside the distribution',
      (c) => {
        (c.processors as Record<string, unknown>).filter = {};
        c.service.pipelines.metrics?.processors?.push('filter');
      },
      /type filter is not in the distribution/,
    ],
  ];
  it.each(mutations)('catches %s', (_what, mutate, problem) => {
    const mutated = collector();
    mutate(mutated);
    expect(collectorProblems(mutated, distribution, manifestModules).join('\n')).toMatch(problem);
  });

  it('has its signal_to_metrics block current (run `npm run collector-config`)', () => {
    const config = read('otel-collector-config.yaml');
    expect(config).toBe(withGeneratedConnector(config));
  });

  it("derives exactly the catalog's Claude Code event metrics, every identity attribute optional", () => {
    const connectors = collector().connectors ?? {};
    const { logs } = connectors.signal_to_metrics as { logs: ConnectorMetric[] };
    const derived = logs.map(({ name, unit, description, attributes, sum, histogram }) => ({
      name,
      kind: histogram === undefined ? (sum?.monotonic ? 'counter' : 'other') : 'histogram',
      unit,
      description,
      attributes: attributes.map((a) => a.key),
      optional: attributes.filter((a) => a.optional).map((a) => a.key),
      boundaries: histogram?.buckets,
    }));
    expect(derived).toEqual(
      Object.values(metrics.claudeCodeEvents).map((d) => ({
        name: d.name,
        kind: d.kind,
        unit: d.unit,
        description: d.description,
        attributes: [...d.attributes],
        optional: [...CLAUDE_CODE_IDENTITY_ATTRIBUTES],
        boundaries: d.boundaries === undefined ? undefined : [...d.boundaries],
      })),
    );
  });

  it('catches a module missing from the reference manifest', () => {
    const withoutOtlp = new Set([...manifestModules].filter((m) => !m.endsWith('/otlpreceiver')));
    expect(collectorProblems(collector(), distribution, withoutOtlp).join('\n')).toMatch(
      /otlpreceiver is not in the reference manifest/,
    );
  });
});

describe('names, ports and URLs across the stack', () => {
  it('agree between compose, collector config, Grafana provisioning, SDK and stats API defaults', () => {
    expect(consistencyProblems(facts())).toEqual([]);
  });

  it("links traces to the catalog's series and labels (Grafana's trace-to-metrics)", () => {
    const jaeger = facts().datasources.datasources.find((d) => d.type === 'jaeger') as unknown as {
      jsonData: { tracesToMetrics: { tags: { key: string; value: string }[]; queries: { query: string }[] } };
    };
    const { tags, queries } = jaeger.jsonData.tracesToMetrics;
    const catalogLabels = new Set(catalog.flatMap((d) => d.attributes.map((key) => sanitizeLabelName(key))));
    expect(tags.map(({ key, value }) => [value, sanitizeLabelName(key), catalogLabels.has(value)])).toEqual(
      tags.map(({ value }) => [value, value, true]),
    );
    const series = new Set(catalog.map((d) => toPrometheusName(d.name, d.unit, d.kind)));
    const named = queries.flatMap(({ query }) => [...query.matchAll(/(\w+)\{\$__tags\}/g)].map((m) => m[1]));
    expect(named.filter((name) => !series.has(name as string))).toEqual([]);
    expect(named.length).toBe(queries.length);
  });

  const mutations: [what: string, mutate: (f: StackFacts) => void, problem: RegExp][] = [
    [
      "compose's VictoriaMetrics with the default search latency",
      (f) => Object.assign(f.compose.services.victoriametrics ?? {}, { command: ['-retentionPeriod=90d'] }),
      /lacks -search\.latencyOffset=5s, which the local stack uses/,
    ],
    [
      'a renamed VictoriaMetrics service',
      (f) => {
        f.compose.services.vm = f.compose.services.victoriametrics as never;
        delete f.compose.services.victoriametrics;
      },
      /not a compose service/,
    ],
    [
      'a different VictoriaMetrics port',
      (f) => Object.assign(f.compose.services.victoriametrics ?? {}, { command: ['-httpListenAddr=:9428'] }),
      /not VictoriaMetrics' listen port/,
    ],
    [
      'an unpublished OTLP port',
      (f) => Object.assign(f.compose.services['otel-collector'] ?? {}, { ports: ['127.0.0.1:4317:4317'] }),
      /OTLP http port 4318/,
    ],
    [
      'another SDK default endpoint',
      (f) => (f.sdkOtlpEndpoint = 'http://localhost:55680'),
      /SDK's default OTLP endpoint/,
    ],
    ['another datasource uid', (f) => (f.dashboardsDatasourceUid = 'vm'), /datasource uid vm/],
    [
      'Grafana on another back end',
      (f) => Object.assign(f.datasources.datasources[0] ?? {}, { url: 'http://prometheus:9090' }),
      /Grafana queries/,
    ],
    [
      'a dashboards path compose does not mount',
      (f) => Object.assign(f.dashboardProvider.providers[0]?.options ?? {}, { path: '/dashboards' }),
      /reads \/dashboards/,
    ],
    ['another stats API port', (f) => (f.statsApiPort = 9999), /default port 9999/],
    [
      'Jaeger at another host',
      (f) => Object.assign(f.datasources.datasources[1] ?? {}, { url: 'http://tracing:16686' }),
      /Jaeger URL/,
    ],
    [
      'Grafana on another VictoriaLogs',
      (f) => Object.assign(f.datasources.datasources[2] ?? {}, { url: 'http://logs:9428' }),
      /VictoriaLogs URL is not where the collector writes/,
    ],
    [
      'the stats API without events',
      (f) => Object.assign(f.compose.services['stats-api'] ?? {}, { command: ['stats-api', '--port=8787'] }),
      /does not read events from the VictoriaLogs/,
    ],
    [
      'summaries reaching back less far than VictoriaMetrics keeps samples',
      (f) =>
        Object.assign(f.compose.services.victoriametrics ?? {}, {
          command: ['-retentionPeriod=1y', '-search.latencyOffset=5s'],
        }),
      /--retention-period is not VictoriaMetrics' -retentionPeriod/,
    ],
    [
      'a different VictoriaLogs port',
      (f) => Object.assign(f.compose.services.victorialogs ?? {}, { command: ['-httpListenAddr=:9429'] }),
      /not VictoriaLogs' listen port/,
    ],
  ];
  it.each(mutations)('catch %s', (_what, mutate, problem) => {
    const mutated = facts();
    mutate(mutated);
    expect(consistencyProblems(mutated).join('\n')).toMatch(problem);
  });
});

describe('stack/vmalert/rollups.yml', () => {
  it('is current (run `npm run rollups`) and accepted by vmalert', () => {
    expect(read('stack/vmalert/rollups.yml')).toBe(rollupsYaml());
    execFileSync(
      'vmalert',
      ['-dryRun', `-rule=${fileURLToPath(new URL('stack/vmalert/rollups.yml', root))}`],
      { stdio: 'pipe' },
    );
  });
});
