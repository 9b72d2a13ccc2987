#!/usr/bin/env -S node --conditions=@meterline/source
// The meterline command.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { startLocalStack } from '../local/local-stack.ts';
import { type InstantSample, instantTable, type RangeSeries, rangeTable } from '../local/render.ts';
import {
  type LocalStackOptions,
  localStackOptions,
  type StackState,
  statePath,
} from '../local/stack-options.ts';
import { statsApiConfig } from '../stats-api/config.ts';
import { startStatsApi } from '../stats-api/server.ts';
import {
  CLAUDE_CODE_PROTOCOLS,
  type ClaudeCodeProtocol,
  claudeCodeEnvironment,
  managedSettings,
  parseAttributes,
  shellBlock,
} from './claude-code-setup.ts';

const usage = `usage: meterline <command> [flags]

commands:
  up                         run the local stack (VictoriaMetrics, collector, stats API, example service) until Ctrl-C
  down                       stop a running \`meterline up\`
  status                     health of the local stack's parts
  query '<promql>' [--range 15m] [--step 30s]
                             run PromQL against VictoriaMetrics: instant as a table, range with sparklines
  stats session|user|org <id> [--window 7d] [--source auto|sdk|claude-code] [--limit 10] [--by team.id]
                             a stats API view as JSON
  claude-code [--protocol grpc|http/protobuf|http/json] [--host localhost] [--organization id]
              [--department name] [--team id] [--cost-center id] [--attribute key=value]… [--settings]
                             print the environment (or, with --settings, the managed-settings.json) that
                             points Claude Code at this stack
  stats-api                  serve the stats API (flags: --backend-url, --backend-timeout-ms, --host, --port, --token, --sources, --cache-ttl-ms)`;

function readState(options: LocalStackOptions): StackState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(options.home), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/** Resolves on Ctrl-C or SIGTERM, so foreground commands can stop their parts cleanly. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await request(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.statusCode, text: await response.body.text() };
}

async function up(options: LocalStackOptions): Promise<number> {
  const log = (line: string) => console.log(`meterline: ${line}`);
  const { state, stop } = await startLocalStack(options, log);
  console.log(`meterline is up (data in ${options.home}, logs in ${options.home}/logs)
  VictoriaMetrics  ${state.victoriaMetrics.url}
  collector        ${state.collector ? `${state.collector.grpc} (OTLP gRPC)` : 'not running: the example writes to VictoriaMetrics directly'}
  stats API        ${state.statsApi.url}/api/stats/session/alice-0
  Try: npx meterline query 'sum by (model) (usage_cost_USD_total)'   ·   Ctrl-C or \`meterline down\` stops everything`);
  await untilSignal();
  console.log('meterline: stopping…');
  await stop();
  return 0;
}

async function down(options: LocalStackOptions): Promise<number> {
  const state = readState(options);
  if (state === undefined) {
    console.log('meterline: nothing is running');
    return 0;
  }
  process.kill(state.pid, 'SIGTERM');
  for (let i = 0; i < 150; i++) {
    try {
      process.kill(state.pid, 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } catch {
      console.log('meterline: stopped');
      return 0;
    }
  }
  console.error('meterline: the stack did not stop within 30 s');
  return 1;
}

async function status(options: LocalStackOptions): Promise<number> {
  const state = readState(options);
  if (state === undefined) {
    console.log('meterline: not running (start it with npm start)');
    return 1;
  }
  const checks: [string, string][] = [
    ['VictoriaMetrics', `${state.victoriaMetrics.url}/health`],
    ['stats API', `${state.statsApi.url}/api/health`],
  ];
  if (state.collector) checks.push(['collector', `http://127.0.0.1:${options.collectorHealthPort}/`]);
  let healthy = true;
  for (const [name, url] of checks) {
    const result = await get(url).catch((error: Error) => ({ status: 0, text: error.message }));
    healthy &&= result.status === 200;
    console.log(
      `${name.padEnd(16)} ${result.status === 200 ? 'ok' : `down (${result.status || result.text})`}  ${url}`,
    );
  }
  return healthy ? 0 : 1;
}

async function query(options: LocalStackOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { range: { type: 'string' }, step: { type: 'string' }, 'backend-url': { type: 'string' } },
  });
  const promql = positionals[0];
  if (promql === undefined) throw new Error(`query needs a PromQL expression\n${usage}`);
  const base =
    values['backend-url'] ??
    process.env.METERLINE_BACKEND_URL ??
    readState(options)?.victoriaMetrics.url ??
    `http://127.0.0.1:${options.vmPort}`;
  const now = Date.now() / 1000;
  const params = new URLSearchParams({ query: promql, nocache: '1' });
  if (values.range !== undefined) {
    const match = /^(\d+)([smhd])$/.exec(values.range);
    const unit =
      ({ s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[match?.[2] ?? ''] ?? Number.NaN;
    const seconds = Number(match?.[1]) * unit;
    if (!Number.isFinite(seconds)) throw new Error('--range must look like 15m, 2h or 1d');
    params.set('start', String(now - seconds));
    params.set('end', String(now));
    params.set('step', values.step ?? `${Math.max(1, Math.round(seconds / 60))}s`);
  }
  const path = values.range === undefined ? 'query' : 'query_range';
  const { status: code, text } = await get(`${base}/api/v1/${path}?${params}`);
  const body = JSON.parse(text) as { status: string; error?: string; data: { result: unknown[] } };
  if (code !== 200 || body.status !== 'success') throw new Error(`query failed: ${body.error ?? text}`);
  console.log(
    values.range === undefined
      ? instantTable(body.data.result as InstantSample[])
      : rangeTable(body.data.result as RangeSeries[]),
  );
  return 0;
}

async function stats(options: LocalStackOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      window: { type: 'string' },
      source: { type: 'string' },
      limit: { type: 'string' },
      by: { type: 'string' },
      'api-url': { type: 'string' },
    },
  });
  const [kind, id] = positionals;
  if (!kind || !['session', 'user', 'org'].includes(kind) || !id)
    throw new Error(`stats needs session|user|org and an id\n${usage}`);
  const base =
    values['api-url'] ?? readState(options)?.statsApi.url ?? `http://127.0.0.1:${options.statsApiPort}`;
  const query = new URLSearchParams();
  for (const name of ['window', 'source', 'limit', 'by'] as const) {
    const value = values[name];
    if (value !== undefined) query.set(name, value);
  }
  const { status: code, text } = await get(
    `${base}/api/stats/${kind}/${encodeURIComponent(id)}${query.size > 0 ? `?${query}` : ''}`,
  );
  console.log(JSON.stringify(JSON.parse(text), null, 2));
  return code === 200 ? 0 : 1;
}

/** Prints the settings that point Claude Code at this stack's collector. */
function claudeCode(options: LocalStackOptions, args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      protocol: { type: 'string', default: 'grpc' },
      host: { type: 'string', default: 'localhost' },
      organization: { type: 'string' },
      department: { type: 'string' },
      team: { type: 'string' },
      'cost-center': { type: 'string' },
      attribute: { type: 'string', multiple: true, default: [] },
      settings: { type: 'boolean', default: false },
    },
  });
  const protocol = values.protocol as ClaudeCodeProtocol;
  if (!CLAUDE_CODE_PROTOCOLS.includes(protocol))
    throw new Error(`--protocol must be one of ${CLAUDE_CODE_PROTOCOLS.join(', ')}`);
  const named = {
    'organization.id': values.organization,
    department: values.department,
    'team.id': values.team,
    cost_center: values['cost-center'],
  };
  const resourceAttributes = {
    ...Object.fromEntries(Object.entries(named).filter(([, value]) => value !== undefined)),
    ...parseAttributes(values.attribute),
  } as Record<string, string>;
  const env = claudeCodeEnvironment({
    protocol,
    host: values.host,
    grpcPort: options.otlpGrpcPort,
    httpPort: options.otlpHttpPort,
    resourceAttributes,
  });
  console.log(values.settings ? managedSettings(env) : shellBlock(env));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const options = localStackOptions(process.env);
  switch (command) {
    case 'up':
      return up(options);
    case 'down':
      return down(options);
    case 'status':
      return status(options);
    case 'query':
      return query(options, args);
    case 'stats':
      return stats(options, args);
    case 'claude-code':
      return claudeCode(options, args);
    case 'stats-api': {
      const config = statsApiConfig(args, process.env);
      const api = await startStatsApi(config);
      console.log(`meterline stats API on ${api.url} (back end ${config.backendUrl})`);
      await untilSignal();
      await api.close();
      return 0;
    }
    case undefined:
    case '--help':
    case 'help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`meterline: unknown command "${command}"\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`meterline: ${error.message}`);
    process.exit(1);
  },
);
