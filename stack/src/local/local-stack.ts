// The local stack without Docker: VictoriaMetrics as a process, the collector when it is built or on
// PATH, the stats API, and the example service (a process of its own) feeding them. `meterline up` runs
// it in the foreground.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUILT_VICTORIA_METRICS,
  CollectorProcess,
  findCollector,
  findJaeger,
  findVictoriaLogs,
  findVictoriaMetrics,
  isExecutable,
  JaegerProcess,
  localVictoriaMetrics,
  SEARCH_LATENCY_OFFSET,
  terminate,
  VictoriaLogsProcess,
  VictoriaMetricsProcess,
  VMUI_DASHBOARDS,
} from '../processes/index.ts';
import { statsApiConfig } from '../stats-api/config.ts';
import { startStatsApi } from '../stats-api/server.ts';
import { type LocalStackOptions, type StackState, statePath } from './stack-options.ts';

/** Finds VictoriaMetrics, installing Debian's package when running as root on Debian. */
function ensureVictoriaMetrics(log: (line: string) => void): void {
  try {
    findVictoriaMetrics();
    return;
  } catch (missing) {
    const debian = (() => {
      try {
        execFileSync('dpkg', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    if (process.getuid?.() !== 0 || !debian) throw missing;
  }
  log('installing victoria-metrics from Debian (apt-get)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'victoria-metrics'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The example service of this repository; the stack runs it only where the repository is checked out. */
/** How long the local VictoriaMetrics keeps samples; the stats API's summaries reach back as far. */
const RETENTION = '30d';
const EXAMPLE_SERVICE = fileURLToPath(new URL('../../../examples/src/example-service.ts', import.meta.url));

/** Starts the example service with the SDK's standard settings for where to export. */
function startExample(
  env: Record<string, string>,
  intervalSeconds: number,
  onOutput: (chunk: string) => void,
): { pid: number | undefined; stop(): Promise<void> } {
  const child = spawn(process.execPath, ['--conditions=@meterline/source', EXAMPLE_SERVICE], {
    env: {
      PATH: process.env.PATH ?? '',
      METERLINE_EXAMPLE_INTERVAL_SECONDS: String(intervalSeconds),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  const exited = once(child, 'exit');
  return {
    pid: child.pid,
    stop: async () => {
      await terminate(child, 15_000);
      await exited;
    },
  };
}

function ownState(home: string): boolean {
  try {
    return (JSON.parse(readFileSync(statePath(home), 'utf8')) as StackState).pid === process.pid;
  } catch {
    return false;
  }
}

/** Starts everything and returns a function that stops it all, in reverse order. */
export async function startLocalStack(
  options: LocalStackOptions,
  log: (line: string) => void,
): Promise<{ state: StackState; stop(): Promise<void> }> {
  const { home } = options;
  mkdirSync(join(home, 'logs'), { recursive: true });
  const logTo = (file: string) => (chunk: string) => appendFileSync(join(home, 'logs', file), chunk);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
    // Only this process's own state: never another stack's.
    if (ownState(home)) rmSync(statePath(home), { force: true });
  };
  try {
    if (!isExecutable(BUILT_VICTORIA_METRICS)) ensureVictoriaMetrics(log);
    const { binary, ui } = localVictoriaMetrics();
    if (!ui) {
      log(
        "VictoriaMetrics without its UI (Debian's build has none): `bash stack/victoria-metrics/build.sh` builds the release the compose file pins, with vmui and the dashboards",
      );
    }
    const vm = await VictoriaMetricsProcess.start({
      binary,
      dataPath: join(home, 'victoria-metrics'),
      port: options.vmPort,
      retention: RETENTION,
      flags: [
        `-search.latencyOffset=${SEARCH_LATENCY_OFFSET}`,
        // Its own metrics, for the stack-health dashboard (compose scrapes them likewise).
        '-selfScrapeInterval=10s',
        ...(ui ? [`-vmui.customDashboardsPath=${VMUI_DASHBOARDS}`] : []),
      ],
    });
    stops.push(() => vm.stop());
    // Events and traces, when their back ends are built (`npm start` builds them).
    let logs: VictoriaLogsProcess | undefined;
    if (findVictoriaLogs() !== undefined) {
      logs = await VictoriaLogsProcess.start({
        dataPath: join(home, 'victoria-logs'),
        port: options.victoriaLogsPort,
        onOutput: logTo('victoria-logs.log'),
      });
      stops.push(() => (logs as VictoriaLogsProcess).stop());
    } else {
      log('no VictoriaLogs built (bash stack/victoria-logs/build.sh needs Go): events are counted, not kept');
    }
    let jaeger: JaegerProcess | undefined;
    if (findJaeger() !== undefined) {
      jaeger = await JaegerProcess.start({ ports: options.jaegerPorts, onOutput: logTo('jaeger.log') });
      stops.push(() => (jaeger as JaegerProcess).stop());
    } else {
      log('no Jaeger built (bash stack/jaeger/build.sh needs Go): traces are dropped');
    }
    const collectorBinary = findCollector();
    let collector: CollectorProcess | undefined;
    if (collectorBinary !== undefined) {
      collector = await CollectorProcess.start({
        binary: collectorBinary,
        remoteWriteUrl: vm.writeUrl,
        ...(jaeger ? { jaegerEndpoint: jaeger.otlpGrpcEndpoint } : {}),
        ...(logs ? { victoriaLogsUrl: logs.otlpLogsUrl } : {}),
        ports: {
          grpc: options.otlpGrpcPort,
          http: options.otlpHttpPort,
          health: options.collectorHealthPort,
        },
        onOutput: logTo('collector.log'),
      });
      stops.push(() => (collector as CollectorProcess).stop());
    } else {
      log(
        'no collector built (stack/collector/build.sh needs Go) or on PATH: the example writes straight to VictoriaMetrics',
      );
    }
    const telemetry = collector
      ? {
          exportIntervalMillis: 5000,
          traces: false,
          env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint },
        }
      : {
          exporter: 'remote-write' as const,
          remoteWrite: { url: vm.writeUrl },
          exportIntervalMillis: 5000,
          env: {},
        };
    const api = await startStatsApi(
      {
        ...statsApiConfig(['--retention-period', RETENTION], {}),
        backendUrl: vm.url,
        logsUrl: logs?.url,
        port: options.statsApiPort,
      },
      telemetry,
    );
    stops.push(() => api.close());
    let example: { pid: number | undefined } | undefined;
    if (existsSync(EXAMPLE_SERVICE)) {
      const exampleEnv: Record<string, string> = collector
        ? {
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint,
            // Its HTTP API's spans (OpenTelemetry's HTTP instrumentation), where Jaeger keeps them.
            OTEL_TRACES_EXPORTER: jaeger ? 'otlp' : 'none',
          }
        : { METERLINE_EXPORTER: 'remote-write', METERLINE_REMOTE_WRITE_URL: vm.writeUrl };
      const started = startExample(
        { ...exampleEnv, OTEL_METRIC_EXPORT_INTERVAL: '5000' },
        options.exampleIntervalSeconds,
        logTo('example.log'),
      );
      stops.push(started.stop);
      example = started;
    } else {
      log(`no example service at ${EXAMPLE_SERVICE}: nothing feeds the stack until a service exports to it`);
    }
    const state: StackState = {
      pid: process.pid,
      victoriaMetrics: { url: vm.url, pid: vm.pid, ...(ui ? { ui: `${vm.url}/vmui/#/dashboards` } : {}) },
      ...(collector
        ? { collector: { grpc: collector.grpcEndpoint, http: collector.httpEndpoint, pid: collector.pid } }
        : {}),
      ...(logs ? { victoriaLogs: { url: logs.url, ui: logs.ui, pid: logs.pid } } : {}),
      ...(jaeger ? { jaeger: { url: jaeger.url, pid: jaeger.pid } } : {}),
      statsApi: { url: api.url },
      ...(example?.pid === undefined ? {} : { example: { pid: example.pid } }),
      startedAt: new Date().toISOString(),
    };
    writeFileSync(statePath(home), `${JSON.stringify(state, null, 2)}\n`);
    return { state, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
