import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, outputTail, terminate, untilReady } from '@meterline/stack/processes';
import { freePort } from './free-port.ts';

/** Finds the prometheus binary: $PROMETHEUS_BIN, else `prometheus` on PATH. */
export function findPrometheus(): string {
  return findExecutable(
    'prometheus',
    'PROMETHEUS_BIN',
    'install it with `sudo apt-get install -y --no-install-recommends prometheus` (Debian) or set PROMETHEUS_BIN to the server binary',
  );
}

/**
 * A real Prometheus server on 127.0.0.1 with a temporary folder, nothing to scrape and its remote-write
 * receiver on: the stats API's tests write to it and check what a back end without MetricsQL gets.
 */
export class Prometheus {
  private readonly folder: string;
  private readonly port: number;
  private readonly process: ChildProcess;
  private readonly output: () => string;

  private constructor(folder: string, port: number) {
    this.folder = folder;
    this.port = port;
    writeFileSync(join(folder, 'prometheus.yml'), 'scrape_configs: []\n');
    this.process = spawn(
      findPrometheus(),
      [
        `--config.file=${join(folder, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-remote-write-receiver',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.output = outputTail(this.process);
  }

  /** Starts a server and waits until it is ready; call {@link stop} when done. */
  static async start(): Promise<Prometheus> {
    const server = new Prometheus(mkdtempSync(join(tmpdir(), 'meterline-prometheus-')), await freePort());
    try {
      await untilReady(server.process, 'prometheus', server.output, async () => {
        if (!(await fetch(`${server.url}/-/ready`)).ok) throw new Error('not ready yet');
      });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Prometheus remote-write receiver. */
  get writeUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  /** Stops the server and deletes its folder. */
  async stop(): Promise<void> {
    await terminate(this.process, 10_000);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
