import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isExecutable, outputTail, terminate, untilReady } from './executable.ts';

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
export class CollectorProcess {
  readonly grpcEndpoint: string;
  readonly httpEndpoint: string;
  private readonly healthUrl: string;
  private readonly child: ChildProcess;
  private readonly readOutput: () => string;

  private constructor(child: ChildProcess, ports: CollectorPorts) {
    this.child = child;
    this.grpcEndpoint = `http://127.0.0.1:${ports.grpc}`;
    this.httpEndpoint = `http://127.0.0.1:${ports.http}`;
    this.healthUrl = `http://127.0.0.1:${ports.health}/`;
    this.readOutput = outputTail(child);
  }

  static async start({
    remoteWriteUrl,
    ports,
    jaegerEndpoint,
    victoriaLogsUrl,
    env = {},
    onOutput,
    binary = findCollector(),
  }: CollectorOptions): Promise<CollectorProcess> {
    if (binary === undefined)
      throw new Error(
        'no collector: build it with stack/collector/build.sh (needs Go) or set METERLINE_COLLECTOR_BIN',
      );
    const child = spawn(binary, ['--config', COLLECTOR_CONFIG], {
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
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collector = new CollectorProcess(child, ports);
    if (onOutput !== undefined) {
      child.stdout?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
    }
    await untilReady(
      child,
      'collector',
      collector.readOutput,
      async () => {
        const response = await fetch(collector.healthUrl);
        if (response.status !== 200) throw new Error(`health ${response.status}`);
      },
      { timeoutMillis: 30_000 },
    );
    return collector;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The end of what the collector logged. */
  get output(): string {
    return this.readOutput();
  }

  async stop(): Promise<void> {
    await terminate(this.child, 15_000);
  }
}
