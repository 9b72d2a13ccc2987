import { parseArgs } from 'node:util';
import { SOURCE_IDS, type SourceId } from './sources.ts';

/** How the stats API runs; every field comes from a flag, else an environment variable, else a default. */
export interface StatsApiConfig {
  /** --backend-url / METERLINE_BACKEND_URL. Default http://127.0.0.1:8428 (VictoriaMetrics single node). */
  backendUrl: string;
  /** --logs-url / METERLINE_LOGS_URL: VictoriaLogs, for sessions' events. Default: none (the events route answers 503). */
  logsUrl: string | undefined;
  /** --backend-timeout-ms / METERLINE_BACKEND_TIMEOUT_MS, for both back ends. Default 10000. */
  backendTimeoutMillis: number;
  /** --host / METERLINE_STATS_API_HOST. Default 127.0.0.1. */
  host: string;
  /** --port / METERLINE_STATS_API_PORT; 0 picks a free port. Default 8787. */
  port: number;
  /** --token / METERLINE_STATS_API_TOKEN: require this bearer token. Default: none. */
  bearerToken: string | undefined;
  /** --sources / METERLINE_SOURCES, comma-separated. Default sdk,claude-code. */
  sources: SourceId[];
  /** --cache-ttl-ms / METERLINE_STATS_CACHE_TTL_MS: serve a view's answer again for this long; 0 turns it off. Default 10000. */
  cacheTtlMillis: number;
  /** --summaries / METERLINE_SUMMARIES, on or off: answer from per-session summaries (docs/design.md §8). Default on. */
  summaries: boolean;
  /**
   * --retention-period / METERLINE_RETENTION_PERIOD: the back end's `-retentionPeriod` (<n>h|d|w|y, or a
   * number of months); the summaries reach back this far. Default 30d.
   */
  retentionMillis: number;
  /** --summary-settle-ms / METERLINE_SUMMARY_SETTLE_MS: how late a sample may arrive; the summaries stay this far behind. Default 300000. */
  summarySettleMillis: number;
}

export const DEFAULT_STATS_API_PORT = 8787;

const PERIOD_MILLIS: Record<string, number> = {
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  m: 31 * 86_400_000,
  y: 31_536_000_000,
};

/** A retention period as VictoriaMetrics reads it: 12h, 30d, 2w, 1y, or a bare number of 31-day months. */
function period(name: string, text: string): number {
  const match = /^(\d{1,5})([hdwy]?)$/.exec(text);
  if (match === null || Number(match[1]) === 0)
    throw new Error(
      `${name} must be a number of months or a number and a unit (h, d, w or y), such as 30d, got "${text}"`,
    );
  return Number(match[1]) * (PERIOD_MILLIS[match[2] || 'm'] as number);
}

function onOff(name: string, text: string): boolean {
  if (text !== 'on' && text !== 'off') throw new Error(`${name} must be on or off, got "${text}"`);
  return text === 'on';
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Reads flags and environment; throws a message naming the bad setting. */
export function statsApiConfig(
  args: string[],
  env: Readonly<Record<string, string | undefined>>,
): StatsApiConfig {
  const { values } = parseArgs({
    args,
    options: {
      'backend-url': { type: 'string' },
      'logs-url': { type: 'string' },
      'backend-timeout-ms': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      sources: { type: 'string' },
      'cache-ttl-ms': { type: 'string' },
      summaries: { type: 'string' },
      'retention-period': { type: 'string' },
      'summary-settle-ms': { type: 'string' },
    },
    strict: true,
  });
  const sources = (values.sources ?? env.METERLINE_SOURCES ?? SOURCE_IDS.join(','))
    .split(',')
    .map((s) => s.trim());
  for (const source of sources) {
    if (!SOURCE_IDS.includes(source as SourceId))
      throw new Error(`unknown source "${source}" (known: ${SOURCE_IDS.join(', ')})`);
  }
  const backendUrl = values['backend-url'] ?? env.METERLINE_BACKEND_URL ?? 'http://127.0.0.1:8428';
  new URL(backendUrl);
  const logsUrl = values['logs-url'] ?? env.METERLINE_LOGS_URL;
  if (logsUrl !== undefined && logsUrl !== '') new URL(logsUrl);
  const token = values.token ?? env.METERLINE_STATS_API_TOKEN;
  return {
    backendUrl,
    logsUrl: logsUrl === '' ? undefined : logsUrl,
    backendTimeoutMillis: integer(
      'backend timeout',
      values['backend-timeout-ms'] ?? env.METERLINE_BACKEND_TIMEOUT_MS ?? '10000',
      1,
      600_000,
    ),
    host: values.host ?? env.METERLINE_STATS_API_HOST ?? '127.0.0.1',
    port: integer(
      'port',
      values.port ?? env.METERLINE_STATS_API_PORT ?? String(DEFAULT_STATS_API_PORT),
      0,
      65_535,
    ),
    bearerToken: token === undefined || token === '' ? undefined : token,
    sources: sources as SourceId[],
    cacheTtlMillis: integer(
      'cache TTL',
      values['cache-ttl-ms'] ?? env.METERLINE_STATS_CACHE_TTL_MS ?? '10000',
      0,
      3_600_000,
    ),
    summaries: onOff('summaries', values.summaries ?? env.METERLINE_SUMMARIES ?? 'on'),
    retentionMillis: period(
      'retention period',
      values['retention-period'] ?? env.METERLINE_RETENTION_PERIOD ?? '30d',
    ),
    summarySettleMillis: integer(
      'summary settle time',
      values['summary-settle-ms'] ?? env.METERLINE_SUMMARY_SETTLE_MS ?? '300000',
      0,
      86_400_000,
    ),
  };
}
