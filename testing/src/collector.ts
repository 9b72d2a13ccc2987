import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { outputTail, terminate, untilReady } from './executable.ts';
import { freePort } from './free-port.ts';

const DEFAULT_BINARY = fileURLToPath(new URL('../../stack/collector/bin/otelcol-meterline', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../otel-collector-config.yaml', import.meta.url));

/** Meterline's collector binary: $METERLINE_COLLECTOR_BIN, else the one stack/collector/build.sh builds. */
export function findCollector(): string {
  const binary = process.env.METERLINE_COLLECTOR_BIN ?? DEFAULT_BINARY;
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    throw new Error(`collector not found at ${binary}: build it with stack/collector/build.sh (needs Go)`);
  }
}

export interface CollectorOptions {
  /** Where remote write goes. */
  remoteWriteUrl: string;
  /** Listening ports. Default: free ports. */
  ports?: { grpc: number; http: number; health: number };
  /** Where to write the collector's output as it runs. Default: kept in memory only. */
  onOutput?: (chunk: string) => void;
  /** Extra environment for the config file's ${env:…} references. */
  env?: Record<string, string>;
}

/**
 * The real collector, built from stack/collector, running otel-collector-config.yaml on free 127.0.0.1
 * ports with short batch and telemetry intervals.
 */
export class Collector {
  readonly grpcEndpoint: string;
  readonly httpEndpoint: string;
  private readonly healthUrl: string;
  private readonly child: ChildProcess;
  private readonly readOutput: () => string;

  private constructor(child: ChildProcess, ports: { grpc: number; http: number; health: number }) {
    this.child = child;
    this.grpcEndpoint = `http://127.0.0.1:${ports.grpc}`;
    this.httpEndpoint = `http://127.0.0.1:${ports.http}`;
    this.healthUrl = `http://127.0.0.1:${ports.health}/`;
    this.readOutput = outputTail(child);
  }

  static async start({
    remoteWriteUrl,
    env = {},
    ports: given,
    onOutput,
  }: CollectorOptions): Promise<Collector> {
    const binary = findCollector();
    const ports = given ?? { grpc: await freePort(), http: await freePort(), health: await freePort() };
    const child = spawn(binary, ['--config', CONFIG], {
      env: {
        PATH: process.env.PATH ?? '',
        METERLINE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.grpc}`,
        METERLINE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
        METERLINE_COLLECTOR_HEALTH_ENDPOINT: `127.0.0.1:${ports.health}`,
        METERLINE_REMOTE_WRITE_URL: remoteWriteUrl,
        METERLINE_JAEGER_OTLP_ENDPOINT: `127.0.0.1:${await freePort()}`,
        METERLINE_COLLECTOR_BATCH_TIMEOUT: '200ms',
        METERLINE_COLLECTOR_TELEMETRY_ENDPOINT: `http://127.0.0.1:${ports.grpc}`,
        METERLINE_COLLECTOR_TELEMETRY_INTERVAL_MILLIS: '1000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collector = new Collector(child, ports);
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

  /** The collector's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Everything the collector logged. */
  get output(): string {
    return this.readOutput();
  }

  async stop(): Promise<void> {
    await terminate(this.child, 15_000);
  }
}
