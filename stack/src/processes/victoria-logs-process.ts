import { fileURLToPath } from 'node:url';
import { findBuilt } from './executable.ts';
import { type Launch, ServerProcess, victoriaFlags, victoriaHealthy } from './server-process.ts';

/** The release the compose file pins, built by stack/victoria-logs/build.sh. */
export const BUILT_VICTORIA_LOGS = fileURLToPath(
  new URL('../../victoria-logs/bin/victoria-logs-release', import.meta.url),
);

/** $VICTORIA_LOGS_BIN, else the built release; undefined when there is neither. */
export function findVictoriaLogs(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  return findBuilt('VICTORIA_LOGS_BIN', BUILT_VICTORIA_LOGS, env);
}

export interface VictoriaLogsOptions {
  /** Where the data lives; created if missing and kept when the process stops. */
  dataPath: string;
  /** The port on 127.0.0.1. */
  port: number;
  /** How long log records are kept (`-retentionPeriod`). Default 30d. */
  retention?: string;
  onOutput?: (chunk: string) => void;
  /** The binary. Default {@link findVictoriaLogs}. */
  binary?: string;
}

/** A single-node VictoriaLogs on 127.0.0.1: OTLP logs in, LogsQL and its web UI out. */
export class VictoriaLogsProcess extends ServerProcess {
  readonly url: string;
  private readonly options: VictoriaLogsOptions;

  private constructor(options: VictoriaLogsOptions) {
    super('victoria-logs');
    this.options = options;
    this.url = `http://127.0.0.1:${options.port}`;
  }

  static async start(options: VictoriaLogsOptions): Promise<VictoriaLogsProcess> {
    const server = new VictoriaLogsProcess(options);
    await server.launch(options.onOutput);
    return server;
  }

  /** Where OTLP/HTTP log records go (protobuf only). */
  get otlpLogsUrl(): string {
    return `${this.url}/insert/opentelemetry/v1/logs`;
  }

  /** Its web UI. */
  get ui(): string {
    return `${this.url}/select/vmui/`;
  }

  protected launchCommand(): Launch {
    const { dataPath, port, retention = '30d', binary = findVictoriaLogs() } = this.options;
    if (binary === undefined) {
      throw new Error(
        'no VictoriaLogs: build it with stack/victoria-logs/build.sh (needs Go) or set VICTORIA_LOGS_BIN',
      );
    }
    return { binary, args: victoriaFlags(dataPath, port, retention) };
  }

  protected probe(): Promise<void> {
    return victoriaHealthy(this.url);
  }
}
