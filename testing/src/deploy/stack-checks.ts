// Static checks for what cannot run here (Docker, Grafana): the compose file, the collector config, and
// the names, ports and URLs that the compose file, the collector config, Grafana provisioning, the SDK
// defaults and the stats API defaults must agree on. Each function returns the problems it finds.

import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, unknown>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * One service of a compose file as docker-compose resolves it: absolute build context and volume
 * sources, `${VAR:-default}` applied (GRAFANA_ADMIN_PASSWORD, which the file requires, set to a dummy).
 */
export function resolvedComposeService(
  composePath: string,
  name: string,
): ComposeService & { build: { context: string; dockerfile?: string } } {
  const text = execFileSync('docker-compose', ['-f', composePath, 'config'], {
    env: { PATH: process.env.PATH ?? '', GRAFANA_ADMIN_PASSWORD: 'unused' },
    encoding: 'utf8',
  });
  return (parse(text) as ComposeFile).services[name] as ReturnType<typeof resolvedComposeService>;
}

/** Pinned images, loopback-only ports, a healthcheck per service, declared named volumes. */
export function composeProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const named = new Set(Object.keys(compose.volumes ?? {}));
  for (const [name, service] of Object.entries(compose.services)) {
    const image = service.image ?? '';
    const tag = /:([^/:@]+)$/.exec(image)?.[1];
    if (!image.includes('@sha256:') && (tag === undefined || tag === 'latest'))
      problems.push(`${name}: image "${image}" is not pinned to a version`);
    for (const port of service.ports ?? []) {
      if (!port.startsWith('127.0.0.1:'))
        problems.push(`${name}: port ${port} is published beyond 127.0.0.1`);
    }
    if ((service.healthcheck?.test ?? []).length === 0) problems.push(`${name}: no healthcheck`);
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0] as string;
      if (!source.startsWith('.') && !source.startsWith('/') && !named.has(source))
        problems.push(`${name}: volume ${source} is not declared`);
    }
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      if (!(dependency in compose.services))
        problems.push(`${name}: depends on unknown service ${dependency}`);
    }
  }
  return problems;
}

export interface CollectorConfig {
  extensions?: Record<string, unknown>;
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters?: Record<string, unknown>;
  connectors?: Record<string, unknown>;
  service: {
    extensions?: string[];
    pipelines: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

type Kind = 'extensions' | 'receivers' | 'processors' | 'exporters' | 'connectors';
const KINDS: Kind[] = ['extensions', 'receivers', 'processors', 'exporters', 'connectors'];

/**
 * Every component type exists in our distribution (type → module, from its `components` output) and its
 * module in the reference release's manifest; every pipeline element is defined; every defined one used.
 */
export function collectorProblems(
  config: CollectorConfig,
  distribution: Record<Kind, Record<string, string>>,
  manifestModules: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const id of config.service.extensions ?? []) used.add(`extensions/${id}`);
  for (const [pipeline, { receivers = [], processors = [], exporters = [] }] of Object.entries(
    config.service.pipelines,
  )) {
    for (const [kind, ids] of [
      ['receivers', receivers],
      ['processors', processors],
      ['exporters', exporters],
    ] as const) {
      for (const id of ids) {
        const connector = kind !== 'processors' && config.connectors?.[id] !== undefined;
        const definedKind = connector ? 'connectors' : kind;
        if (config[definedKind]?.[id] === undefined)
          problems.push(`pipeline ${pipeline}: ${kind} ${id} is not defined`);
        used.add(`${definedKind}/${id}`);
      }
    }
  }
  for (const kind of KINDS) {
    for (const id of Object.keys(config[kind] ?? {})) {
      if (!used.has(`${kind}/${id}`)) problems.push(`${kind} ${id} is defined but not used`);
      const type = id.split('/')[0] as string;
      const module = distribution[kind][type];
      if (module === undefined) problems.push(`${kind} ${id}: type ${type} is not in the distribution`);
      else if (!manifestModules.has(module))
        problems.push(`${kind} ${id}: module ${module} is not in the reference manifest`);
    }
  }
  return problems;
}

/** Host and port of a URL or `host:port`, for comparing endpoints written in different forms. */
export function endpoint(text: string): { host: string; port: string } {
  const url = new URL(text.includes('://') ? text : `http://${text}`);
  return { host: url.hostname, port: url.port || (url.protocol === 'https:' ? '443' : '80') };
}

/** `${env:NAME:-default}` → default. */
export function envDefault(text: string): string {
  return /\$\{env:[A-Z_]+:-([^}]*)\}/.exec(text)?.[1] ?? text;
}

export interface StackFacts {
  compose: ComposeFile;
  collector: CollectorConfig;
  datasources: { datasources: { uid: string; type: string; url: string }[] };
  dashboardProvider: { providers: { options: { path: string } }[] };
  dashboardsDatasourceUid: string;
  sdkOtlpEndpoint: string;
  /** The SDK's default OTLP protocol: its endpoint must be the collector's port for it. */
  sdkOtlpProtocol: 'grpc' | 'http/protobuf' | 'http/json';
  /** The search latency offset the local stack gives VictoriaMetrics; compose must give the same. */
  searchLatencyOffset: string;
  sdkRemoteWriteUrl: string;
  statsApiPort: number;
}

function publishes(service: ComposeService | undefined, port: string): boolean {
  return (service?.ports ?? []).some((mapping) => mapping.split(':').at(-1) === port);
}

/** The names, ports and URLs every part must agree on. */
export function consistencyProblems(facts: StackFacts): string[] {
  const problems: string[] = [];
  const { compose, collector } = facts;
  const services = compose.services;
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const exporters = collector.exporters as Record<string, { endpoint?: string; logs_endpoint?: string }>;
  const remoteWrite = endpoint(envDefault(exporters.prometheus_remote_write?.endpoint ?? ''));
  const logsEndpoint = envDefault(exporters['otlp_http/victorialogs']?.logs_endpoint ?? '');
  const logs = endpoint(logsEndpoint);
  check(logs.host in services, `collector sends log records to ${logs.host}, not a compose service`);
  check(
    (services[logs.host]?.command ?? []).includes(`-httpListenAddr=:${logs.port}`),
    `collector log records go to port ${logs.port}, not VictoriaLogs' listen port`,
  );
  check(
    services['otel-collector']?.environment?.METERLINE_VICTORIA_LOGS_OTLP_URL === logsEndpoint,
    'compose and the collector config name different VictoriaLogs URLs',
  );
  const latency = `-search.latencyOffset=${facts.searchLatencyOffset}`;
  check(
    (services.victoriametrics?.command ?? []).includes(latency),
    `compose's VictoriaMetrics lacks ${latency}, which the local stack uses`,
  );
  check(
    remoteWrite.host in services,
    `collector remote write goes to ${remoteWrite.host}, not a compose service`,
  );
  check(
    (services[remoteWrite.host]?.command ?? []).includes(`-httpListenAddr=:${remoteWrite.port}`),
    `collector remote-write port ${remoteWrite.port} is not VictoriaMetrics' listen port`,
  );
  check(
    services['otel-collector']?.environment?.METERLINE_REMOTE_WRITE_URL ===
      envDefault(exporters.prometheus_remote_write?.endpoint ?? ''),
    'compose and the collector config name different remote-write URLs',
  );
  const jaeger = endpoint(envDefault(exporters['otlp_grpc/jaeger']?.endpoint ?? ''));
  check(jaeger.host in services, `collector sends traces to ${jaeger.host}, not a compose service`);
  const receivers = collector.receivers as {
    otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } };
  };
  for (const protocol of ['grpc', 'http'] as const) {
    const { port } = endpoint(envDefault(receivers.otlp.protocols[protocol].endpoint));
    check(
      publishes(services['otel-collector'], port),
      `compose does not publish the collector's OTLP ${protocol} port ${port}`,
    );
  }
  const sdkReceiver = facts.sdkOtlpProtocol === 'grpc' ? 'grpc' : 'http';
  check(
    endpoint(envDefault(receivers.otlp.protocols[sdkReceiver].endpoint)).port ===
      endpoint(facts.sdkOtlpEndpoint).port,
    `the SDK's default OTLP endpoint ${facts.sdkOtlpEndpoint} is not the collector's ${sdkReceiver} port`,
  );
  const vm = facts.datasources.datasources.find((d) => d.type === 'prometheus');
  check(
    vm?.uid === facts.dashboardsDatasourceUid,
    `the dashboards default to datasource uid ${facts.dashboardsDatasourceUid}, provisioning has ${vm?.uid}`,
  );
  const vmUrl = endpoint(vm?.url ?? '');
  check(
    vmUrl.host === remoteWrite.host && vmUrl.port === remoteWrite.port,
    `Grafana queries ${vm?.url}, the collector writes to ${remoteWrite.host}:${remoteWrite.port}`,
  );
  check(
    endpoint(facts.sdkRemoteWriteUrl).port === remoteWrite.port,
    `the SDK's default remote-write URL ${facts.sdkRemoteWriteUrl} is not VictoriaMetrics' port`,
  );
  const jaegerUrl = endpoint(facts.datasources.datasources.find((d) => d.type === 'jaeger')?.url ?? '');
  check(
    jaegerUrl.host === jaeger.host && publishes(services[jaeger.host], jaegerUrl.port),
    `Grafana's Jaeger URL does not point at the compose jaeger service's UI port`,
  );
  const logsUrl = endpoint(
    facts.datasources.datasources.find((d) => d.type === 'victoriametrics-logs-datasource')?.url ?? '',
  );
  check(
    logsUrl.host === logs.host && logsUrl.port === logs.port,
    `Grafana's VictoriaLogs URL is not where the collector writes log records (${logs.host}:${logs.port})`,
  );
  const grafanaVolumes = services.grafana?.volumes ?? [];
  const dashboardsPath = facts.dashboardProvider.providers[0]?.options.path;
  check(
    grafanaVolumes.some(
      (v) => v.startsWith('./stack/grafana/dashboards:') && v.split(':')[1] === dashboardsPath,
    ),
    `the dashboard provider reads ${dashboardsPath}, which compose does not mount the dashboards on`,
  );
  check(
    grafanaVolumes.some((v) => v.startsWith('./stack/grafana/provisioning:/etc/grafana/provisioning')),
    'compose does not mount the Grafana provisioning folder',
  );
  const statsApi = services['stats-api'];
  check(
    (statsApi?.command ?? []).includes(`--port=${facts.statsApiPort}`) &&
      publishes(statsApi, String(facts.statsApiPort)),
    `the stats API does not run and publish on its default port ${facts.statsApiPort}`,
  );
  check(
    (statsApi?.command ?? []).some(
      (arg) => arg === `--backend-url=http://${remoteWrite.host}:${remoteWrite.port}`,
    ),
    'the stats API does not query the VictoriaMetrics the collector writes to',
  );
  check(
    (statsApi?.command ?? []).includes(`--logs-url=http://${logs.host}:${logs.port}`),
    'the stats API does not read events from the VictoriaLogs the collector writes to',
  );
  // The summaries reach back as far as VictoriaMetrics keeps samples: the two flags must say the same.
  const retention = (services.victoriametrics?.command ?? []).find((arg) =>
    arg.startsWith('-retentionPeriod='),
  );
  check(
    retention !== undefined &&
      (statsApi?.command ?? []).includes(`--retention-period=${retention.slice('-retentionPeriod='.length)}`),
    "the stats API's --retention-period is not VictoriaMetrics' -retentionPeriod",
  );
  const otlp = endpoint(statsApi?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
  check(
    otlp.host === 'otel-collector' &&
      otlp.port === endpoint(envDefault(receivers.otlp.protocols[sdkReceiver].endpoint)).port,
    `the stats API does not send its telemetry to the collector's ${sdkReceiver} port`,
  );
  return problems;
}
