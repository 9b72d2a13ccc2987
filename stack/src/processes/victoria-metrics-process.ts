import { fileURLToPath } from 'node:url';
import { findExecutable, isExecutable } from './executable.ts';
import { type Launch, ServerProcess, victoriaFlags, victoriaHealthy } from './server-process.ts';

/** The release the compose file pins, built by stack/victoria-metrics/build.sh; it embeds vmui. */
export const BUILT_VICTORIA_METRICS = fileURLToPath(
  new URL('../../victoria-metrics/bin/victoria-metrics-release', import.meta.url),
);
/** The vmui dashboards generated beside the Grafana ones (`npm run dashboards`). */
export const VMUI_DASHBOARDS = fileURLToPath(new URL('../../vmui/dashboards', import.meta.url));

/** Finds the victoria-metrics binary: $VICTORIA_METRICS_BIN, else `victoria-metrics` on PATH. */
export function findVictoriaMetrics(): string {
  return findExecutable(
    'victoria-metrics',
    'VICTORIA_METRICS_BIN',
    'install it with `sudo apt-get install -y victoria-metrics` (Debian, 1.79+) or set VICTORIA_METRICS_BIN to the single-node binary',
    'for the release the compose stack pins, run stack/victoria-metrics/build.sh',
  );
}

/**
 * How long after it is written a sample becomes visible to queries. VictoriaMetrics' default is 30 s, which
 * hid a session from the stats API for its first half minute; the compose file and the local stack both
 * use this instead (a test holds them together), at the cost of a query now and then seeing a batch
 * still being ingested, which the next query sets right.
 */
export const SEARCH_LATENCY_OFFSET = '5s';

/**
 * The binary the local stack runs: $VICTORIA_METRICS_BIN, else the built release (with vmui), else
 * Debian's. `ui` says whether it serves vmui.
 */
export function localVictoriaMetrics(env: Readonly<Record<string, string | undefined>> = process.env): {
  binary: string;
  ui: boolean;
} {
  if (env.VICTORIA_METRICS_BIN === undefined && isExecutable(BUILT_VICTORIA_METRICS)) {
    return { binary: BUILT_VICTORIA_METRICS, ui: true };
  }
  return { binary: findVictoriaMetrics(), ui: env.VICTORIA_METRICS_BIN !== undefined };
}

export interface VictoriaMetricsOptions {
  /** Where the data lives; created if missing and kept when the process stops. */
  dataPath: string;
  /** The port on 127.0.0.1. */
  port: number;
  /** How long samples are kept (`-retentionPeriod`). Default 30d. */
  retention?: string;
  /** Further flags, such as a test's shorter search latency. Default none: VictoriaMetrics' own defaults. */
  flags?: readonly string[];
  /** The binary. Default {@link findVictoriaMetrics}. */
  binary?: string;
}

/** A single-node VictoriaMetrics on 127.0.0.1, ready once `/health` answers OK. */
export class VictoriaMetricsProcess extends ServerProcess {
  readonly url: string;
  private readonly options: VictoriaMetricsOptions;

  private constructor(options: VictoriaMetricsOptions) {
    super('victoria-metrics');
    this.options = options;
    this.url = `http://127.0.0.1:${options.port}`;
  }

  static async start(options: VictoriaMetricsOptions): Promise<VictoriaMetricsProcess> {
    const server = new VictoriaMetricsProcess(options);
    await server.launch();
    return server;
  }

  /** The Prometheus remote-write endpoint. */
  get writeUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  protected launchCommand(): Launch {
    const { dataPath, port, retention = '30d', flags = [], binary = findVictoriaMetrics() } = this.options;
    return { binary, args: [...victoriaFlags(dataPath, port, retention), ...flags] };
  }

  protected probe(): Promise<void> {
    return victoriaHealthy(this.url);
  }
}
