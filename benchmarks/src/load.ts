// What the stats API benchmarks share: load from concurrent clients, and the CPU time and memory of the
// processes under test, read from /proc.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { request } from 'undici';

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number | undefined): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(line.replace(/\D/g, '')) / 1024;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * Runs `call` from `concurrency` workers for `durationMillis`, each worker finishing the call it is in;
 * returns the sorted latencies in ms. `minCalls` keeps going past the duration until that many finished.
 */
export async function load(
  concurrency: number,
  durationMillis: number,
  call: (i: number) => Promise<void>,
  minCalls = 0,
): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = Date.now() + durationMillis;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline || i < minCalls) {
        const started = performance.now();
        await call(i++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/** GETs a view that must answer 200; returns its body and its Age header. */
export async function get(url: string): Promise<{ body: string; age: string | null }> {
  const response = await request(url);
  const body = await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`${url}: HTTP ${response.statusCode} ${body.slice(0, 300)}`);
  const age = response.headers.age;
  return { body, age: typeof age === 'string' ? age : null };
}

/** CPU time a process has used, in ms (utime + stime, in clock ticks of 10 ms). */
export function cpuMillis(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Waits until the process is idle (under 5% of a core for a second): background merges distort the first view measured. */
export async function settle(pid: number | undefined): Promise<void> {
  for (let before = cpuMillis(pid); ; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuMillis(pid);
    if (now - before < 50) return;
    before = now;
  }
}

/** The server's version: its own label, or for Debian's build, which has none, the package's. */
export async function victoriaMetricsVersion(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const version = /vm_app_version\{[^}]*short_version="([^"]+)"/.exec(text)?.[1];
  if (version !== undefined) return version;
  // Prints "victoria-metrics<TAB><version>".
  const deb = execFileSync('dpkg-query', ['-W', 'victoria-metrics']).toString().trim().split('\t')[1];
  return `${deb} (Debian)`;
}

/** Starts a Node script that prints "on <url>" once it listens. */
export async function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, METERLINE_EXPORTER: 'none' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout as Readable, 'data')) as [Buffer];
  return { child, url: /on (http:\/\/\S+)/.exec(line.toString())?.[1] as string };
}

const cli = new URL('../../stack/src/cli/meterline.ts', import.meta.url).pathname;

/** `meterline stats-api` in its own process on a free port, asking `backendUrl`, with more `flags`. */
export function serveStatsApi(backendUrl: string, flags: readonly string[]) {
  return serve([
    '--conditions=@meterline/source',
    cli,
    'stats-api',
    '--port',
    '0',
    '--backend-url',
    backendUrl,
    ...flags,
  ]);
}
