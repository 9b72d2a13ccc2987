// The local stack without Docker: VictoriaMetrics as a process, the collector when it is built or on
// PATH, the stats API, and an example service feeding them. `meterline up` runs it in the foreground.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exerciseEveryFamily } from '@meterline/examples/workload';
import { init, type Meterline } from '@meterline/sdk';
import { Collector, findCollector, findVictoriaMetrics, VictoriaMetrics } from '@meterline/testing';
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

function collectorAvailable(): boolean {
  try {
    findCollector();
    return true;
  } catch {
    for (const name of ['otelcol-meterline', 'otelcol-contrib']) {
      try {
        process.env.METERLINE_COLLECTOR_BIN = execFileSync('which', [name], { encoding: 'utf8' }).trim();
        return true;
      } catch {}
    }
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
    rmSync(statePath(home), { force: true });
  };
  try {
    ensureVictoriaMetrics(log);
    const vm = await VictoriaMetrics.start({
      dataPath: join(home, 'victoria-metrics'),
      port: options.vmPort,
      retention: '30d',
      tuning: 'production',
    });
    stops.push(() => vm.stop());
    let collector: Collector | undefined;
    if (collectorAvailable()) {
      collector = await Collector.start({
        remoteWriteUrl: vm.writeUrl,
        ports: {
          grpc: options.otlpGrpcPort,
          http: options.otlpHttpPort,
          health: options.collectorHealthPort,
        },
        env: { METERLINE_COLLECTOR_BATCH_TIMEOUT: '1s' },
        onOutput: logTo('collector.log'),
      });
      stops.push(() => (collector as Collector).stop());
    } else {
      log(
        'no collector built (stack/collector/build.sh needs Go) or on PATH: the example writes straight to VictoriaMetrics',
      );
    }
    const telemetry = collector
      ? { otlpEndpoint: collector.grpcEndpoint, exportIntervalMillis: 5000, traces: false, env: {} }
      : {
          exporter: 'remote-write' as const,
          remoteWrite: { url: vm.writeUrl },
          exportIntervalMillis: 5000,
          env: {},
        };
    const api = await startStatsApi(
      { ...statsApiConfig([], {}), backendUrl: vm.url, port: options.statsApiPort },
      telemetry,
    );
    stops.push(() => api.close());
    const example: Meterline = init({ serviceName: 'shell-api', serviceNamespace: 'example', ...telemetry });
    stops.push(() => example.shutdown());
    let round = 0;
    let running = Promise.resolve();
    const tick = () => {
      running = running
        .then(() => exerciseEveryFamily(example, round++))
        .then(
          () => {},
          (error: Error) => log(`example round failed: ${error.message}`),
        );
    };
    tick();
    const timer = setInterval(tick, options.exampleIntervalSeconds * 1000);
    stops.push(async () => {
      clearInterval(timer);
      await running;
    });
    const state: StackState = {
      pid: process.pid,
      victoriaMetrics: { url: vm.url, pid: vm.pid },
      ...(collector ? { collector: { grpc: collector.grpcEndpoint, pid: collector.pid } } : {}),
      statsApi: { url: api.url },
      startedAt: new Date().toISOString(),
    };
    writeFileSync(statePath(home), `${JSON.stringify(state, null, 2)}\n`);
    return { state, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
