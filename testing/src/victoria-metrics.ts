import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, outputTail, terminate, untilReady } from './executable.ts';
import { freePort } from './free-port.ts';

/** One series as `/api/v1/export` returns it. */
export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/** Finds the victoria-metrics binary: $VICTORIA_METRICS_BIN, else `victoria-metrics` on PATH. */
export function findVictoriaMetrics(): string {
  return findExecutable(
    'victoria-metrics',
    'VICTORIA_METRICS_BIN',
    'install it with `sudo apt-get install -y victoria-metrics` (Debian, 1.79+) or set VICTORIA_METRICS_BIN to the single-node binary',
    'for the release the compose stack pins, run testing/victoria-metrics-release.sh',
  );
}

/**
 * A real single-node VictoriaMetrics on 127.0.0.1 with a temporary data folder, started for a test.
 * `-search.latencyOffset=1s` and `nocache=1` make fresh samples queryable within about a second.
 */
export class VictoriaMetrics {
  readonly dataPath: string;
  private process: ChildProcess | undefined;
  private readOutput: () => string = () => '';
  private port = 0;
  private readonly retention: string;
  private readonly tuningFlags: readonly string[];

  private constructor(dataPath: string, port: number, retention: string, tuningFlags: readonly string[]) {
    this.dataPath = dataPath;
    this.port = port;
    this.retention = retention;
    this.tuningFlags = tuningFlags;
  }

  /**
   * Starts a server; call {@link stop} (or {@link destroy}) when done. Defaults suit tests: a free port,
   * a temporary data folder (deleted if start fails), retention long enough for any fixture, caches off
   * and small, so every query reads what was just written. The local stack and the benchmarks pass a
   * fixed port or a kept data folder, and `tuning: 'production'` for VictoriaMetrics' own cache and
   * memory defaults.
   */
  static async start({
    dataPath,
    port = 0,
    retention = '100y',
    tuning = 'test',
  }: {
    dataPath?: string;
    port?: number;
    retention?: string;
    tuning?: 'test' | 'production';
  } = {}): Promise<VictoriaMetrics> {
    if (dataPath !== undefined) mkdirSync(dataPath, { recursive: true });
    const server = new VictoriaMetrics(
      dataPath ?? mkdtempSync(join(tmpdir(), 'meterline-vm-')),
      port,
      retention,
      tuning === 'test' ? ['-search.disableCache', '-memory.allowedBytes=256MiB'] : [],
    );
    try {
      await server.launch();
    } catch (error) {
      if (dataPath === undefined) await server.destroy();
      else await server.stop();
      throw error;
    }
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Prometheus remote-write endpoint. */
  get writeUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** The server's process id, while it runs (benchmarks read its memory). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Makes buffered samples searchable now. */
  async flush(): Promise<void> {
    await this.get('/internal/force_flush');
  }

  /**
   * Raw samples of every series matching `match` (a series selector), sorted by their labels. `start` and
   * `end` are Unix seconds; by default everything up to a day ahead (the server's default end is "now",
   * which can miss a sample written this instant).
   */
  async export(
    match: string,
    { start = 0, end = Date.now() / 1000 + 86_400 }: { start?: number; end?: number } = {},
  ): Promise<ExportedSeries[]> {
    await this.flush();
    const params = new URLSearchParams({ 'match[]': match, start: String(start), end: String(end) });
    const text = await this.get(`/api/v1/export?${params}`);
    const series = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as ExportedSeries);
    const key = (s: ExportedSeries) =>
      JSON.stringify(Object.entries(s.metric).sort(([a], [b]) => (a < b ? -1 : 1)));
    return series.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }

  /** An instant query, uncached. */
  async query(promql: string, time?: number): Promise<unknown> {
    const params = new URLSearchParams({ query: promql, nocache: '1' });
    if (time !== undefined) params.set('time', String(time));
    return JSON.parse(await this.get(`/api/v1/query?${params}`));
  }

  /** Writes JSON lines through `/api/v1/import`, then flushes. */
  async importLines(lines: readonly object[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v1/import`, {
      method: 'POST',
      body: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    if (!response.ok) throw new Error(`import failed: ${response.status} ${await response.text()}`);
    await this.flush();
  }

  /** Stops the server (SIGTERM, so it flushes to disk) and keeps the data folder for {@link restart}. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child === undefined) return;
    this.process = undefined;
    await terminate(child, 10_000);
  }

  /** Starts again on the same port and data folder. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the server and deletes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataPath, { recursive: true, force: true });
  }

  /** Everything the server logged, for failure messages. */
  get output(): string {
    return this.readOutput();
  }

  private async get(path: string): Promise<string> {
    const response = await fetch(`${this.url}${path}`);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
    return text;
  }

  private async launch(): Promise<void> {
    // VictoriaMetrics logs `:0` rather than the port it got, so the port is chosen here; another process
    // may take it in between, hence the retries. A port given by the caller is kept.
    const keepPort = this.port !== 0;
    for (let attempt = 1; ; attempt++) {
      if (!keepPort) this.port = await freePort();
      try {
        await this.spawnOnce();
        return;
      } catch (error) {
        if (attempt >= 3 || !/address already in use/.test(String(error))) throw error;
      }
    }
  }

  private async spawnOnce(): Promise<void> {
    const child = spawn(
      findVictoriaMetrics(),
      [
        `-storageDataPath=${this.dataPath}`,
        `-httpListenAddr=127.0.0.1:${this.port}`,
        // Fresh samples become queryable after about a second instead of 30.
        '-search.latencyOffset=1s',
        `-retentionPeriod=${this.retention}`,
        ...this.tuningFlags,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    child.once('exit', () => {
      if (this.process === child) this.process = undefined;
    });
    this.readOutput = outputTail(child);
    await untilReady(child, 'victoria-metrics', this.readOutput, async () => {
      if ((await this.get('/health')).trim() !== 'OK') throw new Error('not healthy yet');
    });
  }
}
