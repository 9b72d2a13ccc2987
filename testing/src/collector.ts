import {
  BUILT_COLLECTOR,
  type CollectorPorts,
  CollectorProcess,
  isExecutable,
} from '@meterline/stack/processes';
import { freePort } from './free-port.ts';

/**
 * The collector the tests run: $METERLINE_COLLECTOR_BIN, else the one stack/collector/build.sh builds —
 * never another distribution found on PATH. Throws when there is none, so a test fails rather than skips.
 */
export function findCollector(): string {
  const binary = process.env.METERLINE_COLLECTOR_BIN ?? BUILT_COLLECTOR;
  if (!isExecutable(binary))
    throw new Error(`collector not found at ${binary}: build it with stack/collector/build.sh (needs Go)`);
  return binary;
}

export interface CollectorOptions {
  /** Where remote write goes. */
  remoteWriteUrl: string;
  /** Where traces go (host:port). Default: a free port nothing listens on. */
  jaegerEndpoint?: string;
  /** Where log records go (VictoriaLogs' OTLP logs URL). Default: a free port nothing listens on. */
  victoriaLogsUrl?: string;
  /** Extra environment for the config's ${env:…} references. */
  env?: Record<string, string>;
}

/**
 * The real collector for a test: the local stack's process on free 127.0.0.1 ports, batching every
 * 200 ms and reporting its own metrics every second; traces and log records go where the test says, else
 * to ports nothing listens on.
 */
export class Collector {
  private readonly process: CollectorProcess;

  private constructor(process: CollectorProcess) {
    this.process = process;
  }

  static async start({
    remoteWriteUrl,
    jaegerEndpoint,
    victoriaLogsUrl,
    env = {},
  }: CollectorOptions): Promise<Collector> {
    const ports: CollectorPorts = {
      grpc: await freePort(),
      http: await freePort(),
      health: await freePort(),
    };
    const process = await CollectorProcess.start({
      binary: findCollector(),
      remoteWriteUrl,
      ports,
      jaegerEndpoint: jaegerEndpoint ?? `127.0.0.1:${await freePort()}`,
      victoriaLogsUrl: victoriaLogsUrl ?? `http://127.0.0.1:${await freePort()}/insert/opentelemetry/v1/logs`,
      env: {
        METERLINE_COLLECTOR_BATCH_TIMEOUT: '200ms',
        METERLINE_COLLECTOR_TELEMETRY_INTERVAL_MILLIS: '1000',
        ...env,
      },
    });
    return new Collector(process);
  }

  get grpcEndpoint(): string {
    return this.process.grpcEndpoint;
  }

  get httpEndpoint(): string {
    return this.process.httpEndpoint;
  }

  /** The collector's process id. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Everything the collector logged. */
  get output(): string {
    return this.process.output;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}
