// The stats API at organization scale: 1k, 10k and 100k Claude Code sessions over 30 days, answered from
// the per-session summaries and, in the same run, by the raw path (every question to VictoriaMetrics).

import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { claudeCodeImportLines, generatedClaudeCodeEvents, VictoriaMetrics } from '@meterline/testing';
import { machine, writeSection } from './harness.ts';
import {
  cpuMillis,
  get,
  load,
  percentile,
  rssMiB,
  serveStatsApi,
  settle,
  victoriaMetricsVersion,
} from './load.ts';

const SCALES = (process.env.BENCH_SCALES ?? '1000,10000,100000').split(',').map(Number);
const USERS = 1_000;
const ORGS = 10;
const DAYS = 30;
const CONCURRENCY_LEVELS = [1, 2, 4, 8];
const DURATION_MILLIS = Number(process.env.BENCH_SECONDS ?? 6) * 1000;
/** Raw-path views timed per view and scale, at one client: an organization view at 100k takes seconds. */
const RAW_CALLS = 3;
/** Sessions generated and imported at a time, to keep the generator's memory small. */
const CHUNK = 5_000;
/** Ids per view whose answers both paths must agree on, to the byte. */
const COMPARED = 10;
/** `meterline stats-api`'s default --summary-settle-ms: the summaries stay this far behind now. */
const SETTLE_SECONDS = 300;

type View = 'session' | 'user' | 'org';
const TARGETS: Record<View, { p95: number; clients: number; scales: number[] }> = {
  session: { p95: 20, clients: 8, scales: [100_000] },
  user: { p95: 100, clients: 8, scales: [100_000] },
  org: { p95: 300, clients: 4, scales: [10_000, 100_000] },
};
const CPU_TARGET_MILLIS = { view: 'org', scale: 10_000, millis: 20 } as const;
const GROWTH_TARGET = 2;
const MEMORY_TARGET_MIB = 256;

const statsApi = (backendUrl: string, summaries: boolean) =>
  serveStatsApi(backendUrl, [
    '--cache-ttl-ms',
    '0',
    '--summaries',
    summaries ? 'on' : 'off',
    '--retention-period',
    `${DAYS + 1}d`,
  ]);

const idOf: Record<View, (i: number, sessions: number) => string> = {
  session: (i, sessions) => `session-${(i * 7919) % sessions}`,
  user: (i) => `user-${(i * 7919) % USERS}`,
  org: (i) => `org-${i % ORGS}`,
};

interface Measured {
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  vmCpu: number;
  apiCpu: number;
}

/** Load on one view of one API: latencies and CPU per view of VictoriaMetrics and of the API. */
async function measure(
  vmPid: number | undefined,
  api: { child: { pid?: number | undefined }; url: string },
  view: View,
  sessions: number,
  concurrency: number,
  minCalls = 0,
  query = `start=${windowStart}`,
): Promise<Measured> {
  const before = [cpuMillis(vmPid), cpuMillis(api.child.pid)] as const;
  const latencies = await load(
    concurrency,
    minCalls > 0 ? 0 : DURATION_MILLIS,
    async (i) => {
      await get(`${api.url}/api/stats/${view}/${idOf[view](i, sessions)}?${query}`);
    },
    minCalls,
  );
  const per = (pid: number | undefined, from: number) => (cpuMillis(pid) - from) / latencies.length;
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    vmCpu: per(vmPid, before[0]),
    apiCpu: per(api.child.pid, before[1]),
  };
}

/** Loads `sessions` sessions over DAYS days as the collector writes them; returns the series count. */
async function loadSessions(vm: VictoriaMetrics, sessions: number, end: number): Promise<number> {
  let series = 0;
  for (let offset = 0; offset < sessions; offset += CHUNK) {
    const events = generatedClaudeCodeEvents(
      { sessions: Math.min(CHUNK, sessions - offset), users: USERS, orgs: ORGS, hours: DAYS * 24, offset },
      end,
    );
    const lines = claudeCodeImportLines(events, { naming: 'collector' });
    for (let i = 0; i < lines.length; i += 20_000) await vm.importLines(lines.slice(i, i + 20_000));
    series += lines.length;
  }
  await fetch(`${vm.url}/internal/force_merge`);
  await settle(vm.pid);
  return series;
}

/** The time the summaries cover up to, in Unix seconds (0 before they cover any). */
async function coveredUntil(url: string): Promise<number> {
  const health = JSON.parse((await get(`${url}/api/health`)).body) as {
    summaries?: Record<string, { until: string }>;
  };
  const until = health.summaries?.['claude-code']?.until;
  return until === undefined ? 0 : Date.parse(until) / 1000;
}

/** Waits until the summaries cover the time up to the settle delay; returns how long that took. */
async function built(url: string, end: number): Promise<number> {
  const started = performance.now();
  while ((await coveredUntil(url)) < end - SETTLE_SECONDS) await new Promise((r) => setTimeout(r, 500));
  return (performance.now() - started) / 1000;
}

/** Peak resident memory of a process, in MiB. */
function peakMiB(pid: number | undefined): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:')) ?? '';
  return Number(line.replace(/\D/g, '')) / 1024;
}

/** Waits until a process's resident memory stops falling (V8 returns what it no longer needs when idle). */
async function atRest(pid: number | undefined): Promise<number> {
  // V8 returns memory about a minute after allocation slows down.
  await new Promise((resolve) => setTimeout(resolve, 90_000));
  for (let before = rssMiB(pid); ; ) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const now = rssMiB(pid);
    if (now > before - 2) return now;
    before = now;
  }
}

/** Ids whose answers differ between the two paths, for the same fixed window. */
async function disagreements(urls: [string, string], sessions: number, end: number): Promise<string[]> {
  const window = `start=${end - DAYS * 86_400}&end=${end}`;
  const differing: string[] = [];
  for (const view of ['session', 'user', 'org'] as const) {
    for (let i = 0; i < COMPARED; i++) {
      const path = `/api/stats/${view}/${idOf[view](i, sessions)}?${window}&limit=20`;
      const [a, b] = await Promise.all(urls.map(async (url) => (await get(`${url}${path}`)).body));
      if (a !== b) differing.push(path);
    }
  }
  return differing;
}

interface Trace {
  duration_msec: number;
  message: string;
  children?: Trace[];
}

/**
 * VictoriaMetrics' own account of the organization view's query for sessions changed since the summaries'
 * end: the query as the API sent it (from VictoriaMetrics' top queries), run again with `trace=1`. Returns
 * the series ids its index resolved and the time that took, of the whole query; null if not recorded
 * (queries under 1 ms are not).
 */
async function discoveryTrace(vmUrl: string): Promise<string | null> {
  const top = JSON.parse((await get(`${vmUrl}/api/v1/status/top_queries?topN=1000&maxLifetime=1h`)).body) as {
    topByCount: { query: string }[];
  };
  // Its range reaches back to the summaries' end, minutes; the raw path's org queries cover 30 days.
  const minutes = (text: string) => Number(/\[(\d+)ms\]/.exec(text)?.[1]) < 3_600_000;
  const query = top.topByCount
    .map((entry) => entry.query)
    .find(
      (text) =>
        /tlast_change_over_time/.test(text) &&
        /organization_id="/.test(text) &&
        !/session_id=~/.test(text) &&
        minutes(text),
    );
  if (query === undefined) return null;
  const params = new URLSearchParams({ query, time: String(Date.now() / 1000), trace: '1' });
  const { trace } = JSON.parse((await get(`${vmUrl}/api/v1/query?${params}`)).body) as { trace: Trace };
  const resolved = (node: Trace): Trace[] => [
    ...(/^found \d+ TSIDs/.test(node.message) ? [node] : []),
    ...(node.children ?? []).flatMap(resolved),
  ];
  const steps = resolved(trace);
  const ids = steps.reduce((sum, step) => sum + Number(/^found (\d+)/.exec(step.message)?.[1]), 0);
  const millis = steps.reduce((sum, step) => sum + step.duration_msec, 0);
  return `${ids.toLocaleString('en')} series ids resolved in ${fixed(millis, 2)} ms of a ${fixed(trace.duration_msec, 2)} ms query`;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const sections: string[] = [];
const perScale = new Map<number, Map<string, Measured>>();
const rawAtOne = new Map<number, Map<View, Measured>>();
const memory: string[] = [];
const discovery: string[] = [];
const traces: string[] = [];
/** RSS the summaries add, once built: the API with them minus the API without. */
const added = new Map<number, number>();
const checks: string[] = [];
let version = '';
/** Where every view's window starts: DAYS before the data's end. Windows end now, as `window=30d` does. */
let windowStart = 0;
for (const sessions of SCALES) {
  const end = Math.floor(Date.now() / 1000 / 60) * 60;
  windowStart = end - DAYS * 86_400;
  const vm = await VictoriaMetrics.start({ tuning: 'production' });
  const children: ChildProcess[] = [];
  try {
    version = await victoriaMetricsVersion(vm.url);
    const loadStarted = performance.now();
    const series = await loadSessions(vm, sessions, end);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    console.log(`${sessions} sessions: ${series} series loaded in ${fixed(loadSeconds)} s`);

    const vmBefore = cpuMillis(vm.pid);
    const summarized = await statsApi(vm.url, true);
    children.push(summarized.child);
    const buildSeconds = await built(summarized.url, end);
    const buildCpu = [(cpuMillis(vm.pid) - vmBefore) / 1000, cpuMillis(summarized.child.pid) / 1000];
    const raw = await statsApi(vm.url, false);
    children.push(raw.child);
    await settle(vm.pid);
    const buildPeakMiB = peakMiB(summarized.child.pid);
    const builtMiB = (await Promise.all([atRest(summarized.child.pid), atRest(raw.child.pid)])) as [
      number,
      number,
    ];
    const differing = await disagreements([summarized.url, raw.url], sessions, end);
    checks.push(
      `${sessions.toLocaleString('en')} sessions: ${3 * COMPARED - differing.length} of ${3 * COMPARED} answers identical${differing.length === 0 ? '' : ` (differ: ${differing.join(', ')})`}`,
    );

    const rows: string[] = [];
    const measured = new Map<string, Measured>();
    const rawMeasured = new Map<View, Measured>();
    for (const view of ['session', 'user', 'org'] as const) {
      // The summaries first: the raw path's heavy queries leave VictoriaMetrics busy merging for a while.
      const levels: Measured[] = [];
      for (const concurrency of CONCURRENCY_LEVELS) {
        const m = await measure(vm.pid, summarized, view, sessions, concurrency);
        measured.set(`${view}:${concurrency}`, m);
        levels.push(m);
      }
      await settle(vm.pid);
      const rawResult = await measure(vm.pid, raw, view, sessions, 1, RAW_CALLS);
      await settle(vm.pid);
      rawMeasured.set(view, rawResult);
      CONCURRENCY_LEVELS.forEach((concurrency, i) => {
        const m = levels[i] as Measured;
        const target = TARGETS[view];
        const row = `| ${view} | ${concurrency} | ${m.requests} | ${fixed(m.p50)} | ${fixed(m.p95)} | ${fixed(m.p99)} | ${concurrency === target.clients && target.scales.includes(sessions) ? `≤ ${target.p95}` : ''} | ${fixed(m.vmCpu, 2)} | ${fixed(m.apiCpu, 2)} | ${concurrency === 1 ? `${fixed(rawResult.p50)} (${fixed(rawResult.p50 / m.p50, 0)}×)` : ''} | ${concurrency === 1 ? `${fixed(rawResult.vmCpu + rawResult.apiCpu)} (${fixed((rawResult.vmCpu + rawResult.apiCpu) / (m.vmCpu + m.apiCpu), 0)}×)` : ''} |`;
        console.log(row);
        rows.push(row);
      });
    }
    // The same organization views over a window that ends where the summaries end: nothing to discover after
    // it, so what remains is the cost of the summaries and of the sessions the window's start cuts.
    const until = await coveredUntil(summarized.url);
    const noDiscovery = await measure(
      vm.pid,
      summarized,
      'org',
      sessions,
      1,
      0,
      `start=${until - DAYS * 86_400}&end=${until}`,
    );
    discovery.push(
      `${sessions.toLocaleString('en')} sessions: ${fixed(noDiscovery.vmCpu, 2)} ms of VictoriaMetrics CPU and ${fixed(noDiscovery.apiCpu, 2)} ms of API CPU per organization view (p50 ${fixed(noDiscovery.p50)} ms)`,
    );
    traces.push(
      `${sessions.toLocaleString('en')} sessions: ${(await discoveryTrace(vm.url)) ?? 'under 1 ms, not recorded'}`,
    );
    perScale.set(sessions, measured);
    rawAtOne.set(sessions, rawMeasured);
    const mib = [rssMiB(summarized.child.pid), rssMiB(raw.child.pid), rssMiB(vm.pid)];
    added.set(sessions, builtMiB[0] - builtMiB[1]);
    memory.push(
      `${sessions.toLocaleString('en')} sessions: at rest once the summaries were built, the stats API with them ${fixed(builtMiB[0], 0)} MiB and without ${fixed(builtMiB[1], 0)} MiB (${fixed(builtMiB[0] - builtMiB[1], 0)} MiB more; ${fixed(buildPeakMiB, 0)} MiB at the peak of the build); right after the load ${fixed(mib[0] as number, 0)} and ${fixed(mib[1] as number, 0)} MiB; VictoriaMetrics ${fixed(mib[2] as number, 0)} MiB`,
    );
    sections.push(
      [
        `### ${sessions.toLocaleString('en')} sessions (${series.toLocaleString('en')} series)`,
        '',
        `Loaded in ${fixed(loadSeconds)} s. Summaries built from VictoriaMetrics in ${fixed(buildSeconds)} s (VictoriaMetrics ${fixed(buildCpu[0] as number)} s CPU, the API ${fixed(buildCpu[1] as number)} s CPU).`,
        '',
        '| View | Clients | Requests | p50 | p95 | p99 | p95 target | VictoriaMetrics CPU per view (ms) | API CPU per view (ms) | Raw path p50, 1 client (× slower) | Raw path CPU per view, ms (× more) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
      ].join('\n'),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await vm.destroy();
  }
}

/** Each target: met or not, with the measured figure. */
const verdicts: string[] = [];
const verdict = (what: string, value: number, limit: number, unit: string) =>
  verdicts.push(
    `- ${what}: ${fixed(value)} ${unit} (target ≤ ${limit} ${unit}) — ${value <= limit ? 'met' : 'not met'}`,
  );
for (const [view, target] of Object.entries(TARGETS)) {
  for (const scale of target.scales) {
    const m = perScale.get(scale)?.get(`${view}:${target.clients}`);
    if (m !== undefined)
      verdict(
        `${view} view p95 at ${target.clients} clients, ${scale.toLocaleString('en')} sessions`,
        m.p95,
        target.p95,
        'ms',
      );
  }
}
const cpuAt = (scale: number, view: View) => {
  const m = perScale.get(scale)?.get(`${view}:1`);
  return m === undefined ? undefined : m.vmCpu + m.apiCpu;
};
const orgCpu = cpuAt(CPU_TARGET_MILLIS.scale, 'org');
if (orgCpu !== undefined)
  verdict(
    'CPU per organization view at 10,000 sessions (VictoriaMetrics and API, 1 client)',
    orgCpu,
    CPU_TARGET_MILLIS.millis,
    'ms',
  );
for (const view of ['session', 'user', 'org'] as const) {
  const [small, large] = [cpuAt(10_000, view), cpuAt(100_000, view)];
  if (small !== undefined && large !== undefined)
    verdict(
      `growth of CPU per ${view} view from 10,000 to 100,000 sessions`,
      large / small,
      GROWTH_TARGET,
      '×',
    );
}
const largest = Math.max(...SCALES);
const largestAdded = added.get(largest);
if (largestAdded !== undefined)
  verdict(
    `memory the summaries add at ${largest.toLocaleString('en')} sessions`,
    largestAdded,
    MEMORY_TARGET_MIB,
    'MiB',
  );
writeSection(
  'stats-api-scale',
  [
    `## Stats API at organization scale, VictoriaMetrics ${version}`,
    '',
    `Command: \`npm run bench:stats-scale -w @meterline/benchmarks\` (\`BENCH_SCALES=1000,10000\` for fewer, \`BENCH_SECONDS\` per load level; builds the release the compose file pins from its Go module)`,
    '',
    `Machine: ${machine()}; VictoriaMetrics ${version}, the two APIs (\`meterline stats-api\` with and without summaries, \`--cache-ttl-ms 0\`, each its own process) and the load on the same 2 cores. Claude Code sessions of ${USERS.toLocaleString('en')} users in ${ORGS} organizations over ${DAYS} days, imported as the collector writes them and merged; every view asks for the ${DAYS} days before the data's end until now (\`start=…\`, as \`window=${DAYS}d\` asked when the data was loaded). ${CONCURRENCY_LEVELS.join(', ')} concurrent clients for ${DURATION_MILLIS / 1000} s per view, cycling through the ids; the raw path (\`--summaries off\`, today's queries over the whole window) answers the same questions at one client, ${RAW_CALLS} requests at least. CPU per view is the CPU time VictoriaMetrics and the API used during the load divided by the views answered. Latencies in ms.`,
    '',
    ...sections.flatMap((section) => [section, '']),
    `Answers checked between the two paths for the same fixed ${DAYS}-day window (${COMPARED} ids per view, \`limit=20\`): ${checks.join('; ')}.`,
    '',
    `Resident memory: ${memory.join('; ')}.`,
    '',
    `Where an organization view's VictoriaMetrics CPU goes: asked for a window ending where the summaries end (so no query for sessions changed since), ${discovery.join('; ')}. The difference to the one-client rows above is that query. VictoriaMetrics' index is per day: it resolves every series the organization had that day before it reads the last minutes of any, so the query grows with the sessions per day. Its trace (the query as the API sent it, from VictoriaMetrics' top queries, run again with \`trace=1\`): ${traces.join('; ')}.`,
    '',
    'Targets:',
    ...verdicts,
  ].join('\n'),
);
