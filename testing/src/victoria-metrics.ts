import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VictoriaMetricsProcess } from '@meterline/stack/processes';
import { freePort } from './free-port.ts';

export { findVictoriaMetrics } from '@meterline/stack/processes';

/** One series as `/api/v1/export` returns it. */
export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/** Flags that make a test's writes queryable at once: ~1 s search latency, no caches, little memory. */
const TEST_FLAGS = ['-search.latencyOffset=1s', '-search.disableCache', '-memory.allowedBytes=256MiB'];

/**
 * A real single-node VictoriaMetrics for a test: the local stack's process on a free 127.0.0.1 port with
 * a temporary data folder, retention long enough for any fixture, and {@link TEST_FLAGS}, plus the
 * helpers tests assert with (`export`, `query`, `importLines`). Benchmarks pass `tuning: 'production'`
 * for VictoriaMetrics' own cache and memory defaults.
 */
export class VictoriaMetrics {
  readonly dataPath: string;
  private server: VictoriaMetricsProcess | undefined;

  private constructor(dataPath: string) {
    this.dataPath = dataPath;
  }

  /** Starts a server; call {@link destroy} when done. */
  static async start({ tuning = 'test' }: { tuning?: 'test' | 'production' } = {}): Promise<VictoriaMetrics> {
    const vm = new VictoriaMetrics(mkdtempSync(join(tmpdir(), 'meterline-vm-')));
    const flags = tuning === 'test' ? TEST_FLAGS : ['-search.latencyOffset=1s'];
    // VictoriaMetrics logs `:0` rather than the port it got, so the port is chosen here; another process
    // may take it in between, hence the retries.
    for (let attempt = 1; ; attempt++) {
      try {
        vm.server = await VictoriaMetricsProcess.start({
          dataPath: vm.dataPath,
          port: await freePort(),
          retention: '100y',
          flags,
        });
        return vm;
      } catch (error) {
        if (attempt >= 3 || !/address already in use/.test(String(error))) {
          await vm.destroy();
          throw error;
        }
      }
    }
  }

  private get process(): VictoriaMetricsProcess {
    if (this.server === undefined) throw new Error('VictoriaMetrics did not start');
    return this.server;
  }

  get url(): string {
    return this.process.url;
  }

  /** The Prometheus remote-write endpoint. */
  get writeUrl(): string {
    return this.process.writeUrl;
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** The server's process id, while it runs (benchmarks read its memory). */
  get pid(): number | undefined {
    return this.server?.pid;
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
    await this.server?.stop();
  }

  /** Starts again on the same port and data folder. */
  async restart(): Promise<void> {
    await this.process.restart();
  }

  /** Stops the server and deletes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataPath, { recursive: true, force: true });
  }

  /** Everything the server logged, for failure messages. */
  get output(): string {
    return this.server?.output ?? '';
  }

  private async get(path: string): Promise<string> {
    const response = await fetch(`${this.url}${path}`);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
    return text;
  }
}
