// Stats API latency under concurrent load against a VictoriaMetrics holding 10k sessions, 1k users and
// 10 organizations, and the same PromQL sent straight to VictoriaMetrics in the same run.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend, createStatsApi } from '@meterline/stack/stats-api';
import { claudeCodeImportLines, generatedClaudeCodeEvents, VictoriaMetrics } from '@meterline/testing';
import { machine, writeSection } from './harness.ts';
import {
  cpuMillis,
  get,
  load,
  percentile,
  rssMiB,
  serve,
  serveStatsApi,
  settle,
  victoriaMetricsVersion,
} from './load.ts';

const SESSIONS = 10_000;
const USERS = 1_000;
const ORGS = 10;
const CONCURRENCY_LEVELS = [1, 2, 4, 8];
const DURATION_MILLIS = 6_000;
/** Distinct ids each view's load cycles through; the direct replay cycles through the same ones. */
const IDS_PER_VIEW = 1000;
const OVERHEAD_TARGET = 1.2;
/** `meterline stats-api`'s default --cache-ttl-ms. */
const CACHE_TTL_MILLIS = 10_000;
/** A back end that records the requests one view sends, in the phases it sends them (a phase waits for the one before). */
class PhaseRecorder extends Backend {
  readonly phases: string[][] = [];
  private answered = true;

  override async query(query: string, timeSeconds: number) {
    if (this.answered) this.phases.push([]);
    this.answered = false;
    this.phases.at(-1)?.push(query);
    try {
      return await super.query(query, timeSeconds);
    } finally {
      this.answered = true;
    }
  }
}

const end = Math.floor(Date.now() / 1000 / 60) * 60;
const vm = await VictoriaMetrics.start({ tuning: 'production' });
const lines = claudeCodeImportLines(
  generatedClaudeCodeEvents({ sessions: SESSIONS, users: USERS, orgs: ORGS }, end),
  { naming: 'collector' },
);
for (let i = 0; i < lines.length; i += 20_000) await vm.importLines(lines.slice(i, i + 20_000));
console.log(`loaded ${lines.length.toLocaleString('en')} series`);
await fetch(`${vm.url}/internal/force_merge`);
await settle(vm.pid);
const version = await victoriaMetricsVersion(vm.url);

const statsApi = (cacheTtlMillis: number) =>
  serveStatsApi(vm.url, [
    '--cache-ttl-ms',
    String(cacheTtlMillis),
    // The raw path this benchmark has measured since issue 4; BENCHMARKS.md's scale section has the summaries.
    '--summaries',
    'off',
  ]);
// Every request computed: what the targets and the overhead ratio are about.
const api = await statsApi(0);
// As `meterline stats-api` runs by default.
const cachedApi = await statsApi(CACHE_TTL_MILLIS);
const scratch = mkdtempSync(join(tmpdir(), 'meterline-bench-'));

const views = [
  ['session', (i: number) => `session-${(i * 7919) % SESSIONS}`, 50],
  ['user', (i: number) => `user-${(i * 7919) % USERS}`, 150],
  ['org', (i: number) => `org-${i % ORGS}`, 300],
] as const;

const rows: string[] = [];
const cachedRows: string[] = [];
const summary: string[] = [];
for (const [view, idOf, target] of views) {
  const ids = [...new Set(Array.from({ length: IDS_PER_VIEW }, (_, i) => idOf(i)))];
  // What one request of this view sends for each id, recorded in process, to replay straight to VictoriaMetrics.
  const recordings: string[][][] = [];
  for (const id of ids) {
    const recorder = new PhaseRecorder({ url: vm.url });
    const response = await createStatsApi({ backend: recorder }).request(`/api/stats/${view}/${id}`);
    if (response.status !== 200) throw new Error(`${view} ${id}: HTTP ${response.status}`);
    recordings.push(recorder.phases);
  }
  const recordingsPath = join(scratch, `${view}.json`);
  writeFileSync(recordingsPath, JSON.stringify(recordings));
  const proxy = await serve([new URL('./bare-proxy.ts', import.meta.url).pathname, vm.url, recordingsPath]);
  const requestsPerView = (recordings[0] ?? []).flat().length;
  const direct = new Backend({ url: vm.url });
  const viewPath = (base: string, i: number) =>
    `${base}/api/stats/${view}/${encodeURIComponent(ids[i % ids.length] as string)}`;
  const met: number[] = [];
  const withinOverhead: number[] = [];
  const floors: string[] = [];
  for (const concurrency of CONCURRENCY_LEVELS) {
    const cpuBefore = [cpuMillis(vm.pid), cpuMillis(api.child.pid)];
    const throughApi = await load(concurrency, DURATION_MILLIS, async (i) => {
      await get(viewPath(api.url, i));
    });
    const [vmCpu, apiCpu] = [vm.pid, api.child.pid].map(
      (pid, k) => (cpuMillis(pid) - (cpuBefore[k] as number)) / throughApi.length,
    ) as [number, number];
    const straight = await load(concurrency, DURATION_MILLIS, async (i) => {
      for (const phase of recordings[i % recordings.length] ?? []) {
        await Promise.all(phase.map((query) => direct.query(query, Date.now() / 1000)));
      }
    });
    const bare = await load(concurrency, DURATION_MILLIS, async (i) => {
      await get(`${proxy.url}/replay/${i}`);
    });
    let shared = 0;
    const cached = await load(concurrency, DURATION_MILLIS, async (i) => {
      if ((await get(viewPath(cachedApi.url, i))).age !== null) shared += 1;
    });
    const p = (sorted: number[], n: number) => percentile(sorted, n).toFixed(1);
    const ratio = (sorted: number[]) => percentile(sorted, 50) / percentile(straight, 50);
    const row = `| ${view} | ${concurrency} | ${throughApi.length} | ${p(throughApi, 50)} | ${p(throughApi, 95)} | ${p(throughApi, 99)} | ≤ ${target} | ${requestsPerView} | ${p(straight, 50)} | ${p(straight, 95)} | ${ratio(throughApi).toFixed(2)}× | ${p(bare, 50)} | ${ratio(bare).toFixed(2)}× | ${vmCpu.toFixed(1)} | ${apiCpu.toFixed(2)} |`;
    const cachedRow = `| ${view} | ${concurrency} | ${cached.length} | ${((100 * shared) / cached.length).toFixed(0)}% | ${p(cached, 50)} | ${p(cached, 95)} | ${p(cached, 99)} | ≤ ${target} |`;
    console.log(row);
    console.log(cachedRow);
    rows.push(row);
    cachedRows.push(cachedRow);
    if (percentile(throughApi, 95) <= target) met.push(concurrency);
    if (ratio(throughApi) <= OVERHEAD_TARGET) withinOverhead.push(concurrency);
    floors.push(ratio(bare).toFixed(2));
  }
  proxy.child.kill('SIGTERM');
  const at = (levels: number[]) =>
    levels.length === 0
      ? 'no tested concurrency'
      : `${levels.join(', ')} client${levels.at(-1) === 1 ? '' : 's'}`;
  summary.push(
    `${view}: p95 ≤ ${target} ms at ${at(met)}, overhead ≤ ${OVERHEAD_TARGET}× at ${at(withinOverhead)} (bare proxy: ${floors.join(', ')}×)`,
  );
}
const memory = `Resident memory after the run: stats API ${rssMiB(api.child.pid).toFixed(0)} MiB (with the cache: ${rssMiB(cachedApi.child.pid).toFixed(0)} MiB), VictoriaMetrics ${rssMiB(vm.pid).toFixed(0)} MiB.`;
console.log(memory);
api.child.kill('SIGTERM');
cachedApi.child.kill('SIGTERM');
rmSync(scratch, { recursive: true, force: true });
await vm.destroy();

const release = process.env.VICTORIA_METRICS_BIN !== undefined;
writeSection(
  release ? 'stats-api-release' : 'stats-api',
  [
    `## Stats API under load, VictoriaMetrics ${version}`,
    '',
    `Command: \`npm run ${release ? 'bench:stats-api:release' : 'bench:stats-api'} -w @meterline/benchmarks\`${release ? ' (builds the release the compose file pins from its Go module)' : ''}`,
    '',
    `Machine: ${machine()}; VictoriaMetrics ${version} and the API (\`meterline stats-api\`, its own process) on the same 2 cores as the load. ${SESSIONS.toLocaleString('en')} Claude Code sessions of ${USERS.toLocaleString('en')} users in ${ORGS} organizations over 6 hours (${lines.length.toLocaleString('en')} series), imported as the collector writes them, then merged. ${CONCURRENCY_LEVELS.join(', ')} concurrent clients for ${DURATION_MILLIS / 1000} s per view, each cycling through up to ${IDS_PER_VIEW} ids; "direct" replays, for the same ids, the requests the API sent to VictoriaMetrics (same PromQL, same phases, concurrent within a phase); "bare proxy" is a Node HTTP server that only forwards those requests and returns the answers unread (\`benchmarks/src/bare-proxy.ts\`), the least any service in between adds. Every request through the API is computed (\`--cache-ttl-ms 0\`). Latencies in ms.`,
    '',
    '| View | Clients | Requests | p50 | p95 | p99 | p95 target | Requests to VictoriaMetrics per view | Direct p50 | Direct p95 | API / direct (p50) | Bare proxy p50 | Bare proxy / direct (p50) | VictoriaMetrics CPU per view (ms) | API CPU per view (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `The same load against the API as \`meterline stats-api\` runs by default, keeping answers ${CACHE_TTL_MILLIS / 1000} s: "shared" answers were computed for an earlier or concurrent identical request (an \`Age\` header).`,
    '',
    '| View | Clients | Requests | Answers shared | p50 | p95 | p99 | p95 target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...cachedRows,
    '',
    memory,
    '',
    `Targets met, every request computed — ${summary.join('; ')}.`,
  ].join('\n'),
);
