import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findVictoriaLogs, VictoriaLogsProcess } from '@meterline/stack/processes';
import { freePort } from './free-port.ts';

/** One log record as LogsQL's `/select/logsql/query` returns it: every field a string. */
export type LogRecord = Record<string, string>;

/**
 * A real VictoriaLogs for a test, the release stack/victoria-logs/build.sh builds, on a free 127.0.0.1 port
 * with a temporary data folder. Throws when it is not built, so a test fails rather than skips.
 */
export class VictoriaLogs {
  readonly dataPath: string;
  private readonly server: VictoriaLogsProcess;

  private constructor(server: VictoriaLogsProcess, dataPath: string) {
    this.server = server;
    this.dataPath = dataPath;
  }

  static async start(): Promise<VictoriaLogs> {
    const binary = findVictoriaLogs();
    if (binary === undefined)
      throw new Error('VictoriaLogs is not built: run bash stack/victoria-logs/build.sh (needs Go)');
    const dataPath = mkdtempSync(join(tmpdir(), 'meterline-vl-'));
    const server = await VictoriaLogsProcess.start({
      binary,
      dataPath,
      port: await freePort(),
      retention: '100y',
    });
    return new VictoriaLogs(server, dataPath);
  }

  get url(): string {
    return this.server.url;
  }

  get otlpLogsUrl(): string {
    return this.server.otlpLogsUrl;
  }

  /** Every record a LogsQL query matches, after making what was just written searchable. */
  async query(logsql: string): Promise<LogRecord[]> {
    await fetch(`${this.url}/internal/force_flush`);
    const response = await fetch(`${this.url}/select/logsql/query`, {
      method: 'POST',
      body: new URLSearchParams({ query: logsql }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`LogsQL ${logsql}: ${response.status} ${text}`);
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogRecord);
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  async restart(): Promise<void> {
    await this.server.restart();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** Stops the server and removes its data. */
  async destroy(): Promise<void> {
    await this.server.stop();
    rmSync(this.dataPath, { recursive: true, force: true });
  }
}
