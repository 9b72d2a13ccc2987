// `meterline query` (PromQL against VictoriaMetrics) and `meterline stats` (a stats API view).
import { request } from 'undici';
import { type InstantSample, instantTable, type RangeSeries, rangeTable } from '../local/render.ts';
import type { LocalStackOptions } from '../local/stack-options.ts';
import { CommandFailed, runningStack } from './stack-commands.ts';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

function seconds(flag: string, text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (match === null) throw new CommandFailed(`${flag} must look like 30s, 15m, 2h or 1d, not "${text}"`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

/** GETs a URL; an unreachable server is a failure that says which and what to do. */
export async function get(url: string, what: string, flag: string, headers: Record<string, string> = {}) {
  try {
    const response = await request(url, { headers, signal: AbortSignal.timeout(15_000) });
    return { status: response.statusCode, text: await response.body.text() };
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new CommandFailed(
      `${what} is not reachable at ${new URL(url).origin} (${code}): start the stack with \`npm start\`, or point at another with ${flag}`,
    );
  }
}

export interface QueryFlags {
  range?: string;
  step?: string;
  backendUrl?: string;
  json?: boolean;
}

export async function query(options: LocalStackOptions, promql: string, flags: QueryFlags): Promise<void> {
  const base =
    flags.backendUrl ??
    process.env.METERLINE_BACKEND_URL ??
    runningStack(options.home)?.victoriaMetrics.url ??
    `http://127.0.0.1:${options.vmPort}`;
  const params = new URLSearchParams({ query: promql, nocache: '1' });
  const end = Math.floor(Date.now() / 1000);
  const span = flags.range === undefined ? undefined : seconds('--range', flags.range);
  const grid =
    span === undefined
      ? undefined
      : {
          start: end - span,
          end,
          step: flags.step === undefined ? Math.max(1, Math.round(span / 60)) : seconds('--step', flags.step),
        };
  if (grid !== undefined) {
    params.set('start', String(grid.start));
    params.set('end', String(grid.end));
    params.set('step', `${grid.step}s`);
  }
  const path = grid === undefined ? 'query' : 'query_range';
  const { status, text } = await get(`${base}/api/v1/${path}?${params}`, 'VictoriaMetrics', '--backend-url');
  let body: { status?: string; error?: string; data?: { result: unknown[] } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new CommandFailed(`${base} answered HTTP ${status} without JSON: is it VictoriaMetrics?`);
  }
  if (status !== 200 || body.status !== 'success' || body.data === undefined) {
    throw new CommandFailed(`the query failed: ${body.error ?? `HTTP ${status}`}`);
  }
  if (flags.json) console.log(JSON.stringify(body.data, null, 2));
  else if (grid === undefined) console.log(instantTable(body.data.result as InstantSample[]));
  else console.log(rangeTable(body.data.result as RangeSeries[], grid));
}

export interface StatsFlags {
  window?: string;
  start?: string;
  end?: string;
  source?: string;
  limit?: string;
  by?: string;
  cache?: boolean;
  token?: string;
  apiUrl?: string;
  json?: boolean;
}

/** The lines a person reads first; `--json` prints the whole answer. */
function summary(body: Record<string, unknown>): string {
  const totals = (body.totals ?? {}) as Record<string, unknown>;
  const costs = (body.costs ?? {}) as { totalUsd?: number | null };
  const tokens = (body.tokens ?? {}) as { total?: number | null };
  const activity = (body.activity ?? {}) as Record<string, unknown>;
  const window = (body.window ?? body.summary ?? {}) as Record<string, unknown>;
  const rows: [string, unknown][] = [
    ['source', body.source],
    ['cost (USD)', totals.costUsd ?? costs.totalUsd],
    ['tokens', totals.tokens ?? tokens.total],
    ['API requests', totals.apiRequests ?? activity.apiRequests],
    ['API errors', totals.apiErrors ?? activity.apiErrors],
    ['sessions', window.sessions],
    ['from', window.start ?? window.firstSession],
    ['to', window.end ?? window.lastSession],
  ];
  return rows
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name.padEnd(14)} ${value ?? '—'}`)
    .join('\n');
}

export async function stats(
  options: LocalStackOptions,
  kind: string,
  id: string,
  flags: StatsFlags,
): Promise<void> {
  const base =
    flags.apiUrl ?? runningStack(options.home)?.statsApi.url ?? `http://127.0.0.1:${options.statsApiPort}`;
  const params = new URLSearchParams();
  for (const name of ['window', 'start', 'end', 'source', 'limit', 'by'] as const) {
    const value = flags[name];
    if (value !== undefined) params.set(name, value);
  }
  const headers: Record<string, string> = {};
  if (flags.cache === false) headers['cache-control'] = 'no-cache';
  if (flags.token !== undefined) headers.authorization = `Bearer ${flags.token}`;
  const path = `${base}/api/stats/${kind}/${encodeURIComponent(id)}${params.size > 0 ? `?${params}` : ''}`;
  const { status, text } = await get(path, 'the stats API', '--api-url', headers);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (status !== 200) {
    const error = body.error as { code?: string; message?: string } | undefined;
    if (flags.json) console.log(JSON.stringify(body, null, 2));
    throw new CommandFailed(
      `the stats API answered ${status} ${error?.code ?? ''}: ${error?.message ?? text}`,
    );
  }
  console.log(flags.json ? JSON.stringify(body, null, 2) : summary(body));
}
