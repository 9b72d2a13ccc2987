import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isExecutable } from './executable.ts';
import { type Launch, ServerProcess } from './server-process.ts';

/** Where stack/collector/build.sh puts the collector. */
export const BUILT_COLLECTOR = fileURLToPath(
  new URL('../../collector/bin/otelcol-meterline', import.meta.url),
);
/** The collector config the compose stack mounts, shared by the local stack and the tests. */
export const COLLECTOR_CONFIG = fileURLToPath(
  new URL('../../../otel-collector-config.yaml', import.meta.url),
);

/**
 * Meterline's collector: $METERLINE_COLLECTOR_BIN, else the one stack/collector/build.sh builds, else
 * `otelcol-meterline` or `otelcol-contrib` on PATH; undefined when there is none.
 */
export function findCollector(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const chosen = env.METERLINE_COLLECTOR_BIN;
  if (chosen !== undefined) return isExecutable(chosen) ? chosen : undefined;
  if (isExecutable(BUILT_COLLECTOR)) return BUILT_COLLECTOR;
  for (const name of ['otelcol-meterline', 'otelcol-contrib']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {}
  }
  return undefined;
}

export interface CollectorPorts {
  grpc: number;
  http: number;
  health: number;
}

export interface CollectorOptions {
  /** Where remote write goes. */
  remoteWriteUrl: string;
  /** Listening ports on 127.0.0.1. */
  ports: CollectorPorts;
  /** Where traces go (host:port, OTLP gRPC). Default: the config's, the compose stack's Jaeger. */
  jaegerEndpoint?: string;
  /** Where log records go (VictoriaLogs' OTLP logs URL). Default: the config's, the compose stack's. */
  victoriaLogsUrl?: string;
  /** Further values for the config's ${env:…} references (batch timeout, telemetry interval…). */
  env?: Readonly<Record<string, string>>;
  /** Receives everything the collector writes. */
  onOutput?: (chunk: string) => void;
  /** The binary. Default {@link findCollector}. */
  binary?: string;
}

/** The collector running otel-collector-config.yaml on 127.0.0.1, with the config's own defaults. */
export class CollectorProcess extends ServerProcess {
  readonly grpcEndpoint: string;
  readonly httpEndpoint: string;
  private readonly options: CollectorOptions;

  private constructor(options: CollectorOptions) {
    // It exports what it holds before it exits.
    super('collector', 15_000);
    this.options = options;
    this.grpcEndpoint = `http://127.0.0.1:${options.ports.grpc}`;
    this.httpEndpoint = `http://127.0.0.1:${options.ports.http}`;
  }

  static async start(options: CollectorOptions): Promise<CollectorProcess> {
    const collector = new CollectorProcess(options);
    await collector.launch(options.onOutput);
    return collector;
  }

  protected launchCommand(): Launch {
    const {
      remoteWriteUrl,
      ports,
      jaegerEndpoint,
      victoriaLogsUrl,
      env = {},
      binary = findCollector(),
    } = this.options;
    if (binary === undefined)
      throw new Error(
        'no collector: build it with stack/collector/build.sh (needs Go) or set METERLINE_COLLECTOR_BIN',
      );
    return {
      binary,
      args: ['--config', COLLECTOR_CONFIG],
      env: {
        PATH: process.env.PATH ?? '',
        METERLINE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.grpc}`,
        METERLINE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
        METERLINE_COLLECTOR_HEALTH_ENDPOINT: `127.0.0.1:${ports.health}`,
        METERLINE_REMOTE_WRITE_URL: remoteWriteUrl,
        // Its own metrics through its own OTLP receiver.
        METERLINE_COLLECTOR_TELEMETRY_ENDPOINT: `http://127.0.0.1:${ports.grpc}`,
        ...(jaegerEndpoint === undefined ? {} : { METERLINE_JAEGER_OTLP_ENDPOINT: jaegerEndpoint }),
        ...(victoriaLogsUrl === undefined ? {} : { METERLINE_VICTORIA_LOGS_OTLP_URL: victoriaLogsUrl }),
        ...env,
      },
    };
  }

  protected async probe(): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.options.ports.health}/`);
    if (response.status !== 200) throw new Error(`health ${response.status}`);
  }
}
