// Stats API latency under concurrent load against a VictoriaMetrics holding 10k sessions, 1k users and
// 10 organizations, and the same PromQL sent straight to VictoriaMetrics in the same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { VictoriaMetrics } from '@meterline/testing';
import { request } from 'undici';
import { createStatsApi } from '../../stack/src/stats-api/app.ts';
import { Backend } from '../../stack/src/stats-api/backend.ts';
import {
  claudeCodeImportLines,
  generatedClaudeCodeEvents,
} from '../../stack/src/stats-api/fixtures/claude-code-fixture.ts';
import { machine, writeSection } from './harness.ts';

const SESSIONS = 10_000;
const USERS = 1_000;
const ORGS = 10;
const CONCURRENCY_LEVELS = [1, 8];
const DURATION_MILLIS = 8_000;

function rssMiB(pid: number | undefined): string {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return (Number(line.replace(/\D/g, '')) / 1024).toFixed(0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Runs `call` from `concurrency` workers for DURATION_MILLIS; returns sorted latencies in ms. */
async function load(concurrency: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = Date.now() + DURATION_MILLIS;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await call(i++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

const end = Math.floor(Date.now() / 1000 / 60) * 60;
const vm = await VictoriaMetrics.start({ tuning: 'production' });
const lines = claudeCodeImportLines(
  generatedClaudeCodeEvents({ sessions: SESSIONS, users: USERS, orgs: ORGS }, end),
  { naming: 'collector' },
);
for (let i = 0; i < lines.length; i += 20_000) await vm.importLines(lines.slice(i, i + 20_000));
console.log(`loaded ${lines.length.toLocaleString('en')} series`);

const cli = new URL('../../stack/src/cli/meterline.ts', import.meta.url).pathname;
const api = spawn(
  process.execPath,
  ['--conditions=@meterline/source', cli, 'stats-api', '--port', '0', '--backend-url', vm.url],
  {
    env: { ...process.env, METERLINE_EXPORTER: 'none' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [line] = (await once(api.stdout, 'data')) as [Buffer];
const apiUrl = /on (http:\/\/\S+)/.exec(line.toString())?.[1] as string;

const views = [
  ['session', (i: number) => `session-${(i * 7919) % SESSIONS}`, 50],
  ['user', (i: number) => `user-${(i * 7919) % USERS}`, 150],
  ['org', (i: number) => `org-${i % ORGS}`, 300],
] as const;

const rows: string[] = [];
const misses: string[] = [];
for (const [view, id, target] of views) {
  // The queries one request of this view sends, recorded in process, then replayed straight to VictoriaMetrics.
  const queries: string[] = [];
  const recorder = createStatsApi({ backend: new Backend({ url: vm.url, onQuery: (q) => queries.push(q) }) });
  await recorder.request(`/api/stats/${view}/${id(0)}`);
  const direct = new Backend({ url: vm.url });
  for (const concurrency of CONCURRENCY_LEVELS) {
    const throughApi = await load(concurrency, async (i) => {
      const response = await request(`${apiUrl}/api/stats/${view}/${encodeURIComponent(id(i))}`);
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`${view}: HTTP ${response.statusCode}`);
    });
    const straight = await load(concurrency, async () => {
      await Promise.all(queries.map((q) => direct.query(q, end)));
    });
    const p = (sorted: number[], n: number) => percentile(sorted, n).toFixed(1);
    const ratio = (percentile(throughApi, 50) / percentile(straight, 50)).toFixed(2);
    const row = `| ${view} | ${concurrency} | ${throughApi.length} | ${p(throughApi, 50)} | ${p(throughApi, 95)} | ${p(throughApi, 99)} | ≤ ${target} | ${queries.length} | ${p(straight, 50)} | ${p(straight, 95)} | ${ratio}× |`;
    console.log(row);
    rows.push(row);
    const where = `${view} at concurrency ${concurrency}`;
    if (percentile(throughApi, 95) > target)
      misses.push(`${where}: p95 ${p(throughApi, 95)} ms > ${target} ms`);
    if (Number(ratio) > 1.2) misses.push(`${where}: overhead ${ratio}× > 1.2×`);
  }
}
const memory = `Resident memory after the run: stats API ${rssMiB(api.pid)} MiB, VictoriaMetrics ${rssMiB(vm.pid)} MiB.`;
console.log(memory);
api.kill('SIGTERM');
await vm.destroy();

writeSection(
  'stats-api',
  [
    '## Stats API under load',
    '',
    'Command: `npm run bench:stats-api -w @meterline/benchmarks`',
    '',
    `Machine: ${machine()}; VictoriaMetrics 1.79 and the API (\`meterline stats-api\`, its own process) on the same 2 cores as the load. ${SESSIONS.toLocaleString('en')} Claude Code sessions of ${USERS.toLocaleString('en')} users in ${ORGS} organizations over 6 hours (${lines.length.toLocaleString('en')} series), imported as the collector writes them. ${CONCURRENCY_LEVELS.join(' and ')} concurrent clients for ${DURATION_MILLIS / 1000} s per view, each request a different id; "direct" sends the same view's queries concurrently to VictoriaMetrics. Latencies in ms.`,
    '',
    '| View | Clients | Requests | p50 | p95 | p99 | p95 target | Queries per view | Direct p50 | Direct p95 | API / direct (p50) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    memory,
    '',
    misses.length === 0 ? 'All targets met.' : `Targets missed on this machine: ${misses.join('; ')}.`,
  ].join('\n'),
);
