// `meterline events` (a session's events, through the stats API), `meterline logsql` (LogsQL against
// VictoriaLogs) and `meterline traces` (Jaeger's query API: a search, or one trace as a waterfall).
import type { LocalStackOptions } from '../local/stack-options.ts';
import { get } from './query-commands.ts';
import { CommandFailed, runningStack } from './stack-commands.ts';

function parsed(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CommandFailed(`${what} answered without JSON: ${text.slice(0, 200)}`);
  }
}

export interface EventsFlags {
  event?: string;
  limit?: string;
  offset?: string;
  window?: string;
  token?: string;
  apiUrl?: string;
  json?: boolean;
}

interface Event {
  time: string;
  name: string;
  attributes: Record<string, string>;
}

/** The attributes worth a column, in this order, when an event has them. */
const EVENT_COLUMNS = [
  'model',
  'cost_usd',
  'input_tokens',
  'output_tokens',
  'duration_ms',
  'tool_name',
  'success',
  'status_code',
  'error',
];

export async function events(options: LocalStackOptions, session: string, flags: EventsFlags): Promise<void> {
  const base =
    flags.apiUrl ?? runningStack(options.home)?.statsApi.url ?? `http://127.0.0.1:${options.statsApiPort}`;
  const params = new URLSearchParams();
  for (const name of ['event', 'limit', 'offset', 'window'] as const) {
    const value = flags[name];
    if (value !== undefined) params.set(name, value);
  }
  const headers: Record<string, string> =
    flags.token === undefined ? {} : { authorization: `Bearer ${flags.token}` };
  const url = `${base}/api/stats/session/${encodeURIComponent(session)}/events${params.size > 0 ? `?${params}` : ''}`;
  const { status, text } = await get(url, 'the stats API', '--api-url', headers);
  const body = parsed(text, 'the stats API') as {
    events?: Event[];
    nextOffset?: number | null;
    error?: { code: string; message: string };
  };
  if (status !== 200) {
    if (flags.json) console.log(JSON.stringify(body, null, 2));
    throw new CommandFailed(
      `the stats API answered ${status} ${body.error?.code ?? ''}: ${body.error?.message ?? text}`,
    );
  }
  if (flags.json) {
    console.log(JSON.stringify(body, null, 2));
    return;
  }
  for (const event of body.events ?? []) {
    const details = EVENT_COLUMNS.filter((key) => event.attributes[key] !== undefined).map(
      (key) => `${key}=${event.attributes[key]}`,
    );
    console.log(`${event.time}  ${event.name.padEnd(20)} ${details.join(' ')}`.trimEnd());
  }
  if (body.nextOffset !== null && body.nextOffset !== undefined)
    console.log(`… more: --offset ${body.nextOffset}`);
}

export interface LogsqlFlags {
  limit: string;
  logsUrl?: string;
  json?: boolean;
}

export async function logsql(options: LocalStackOptions, query: string, flags: LogsqlFlags): Promise<void> {
  const base =
    flags.logsUrl ??
    runningStack(options.home)?.victoriaLogs?.url ??
    `http://127.0.0.1:${options.victoriaLogsPort}`;
  const params = new URLSearchParams({ query, limit: flags.limit });
  const { status, text } = await get(`${base}/select/logsql/query?${params}`, 'VictoriaLogs', '--logs-url');
  if (status !== 200) throw new CommandFailed(`VictoriaLogs answered ${status}: ${text.trim()}`);
  const records = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parsed(line, 'VictoriaLogs') as Record<string, string>);
  if (flags.json) console.log(JSON.stringify(records, null, 2));
  else
    for (const { _time, _msg, _stream, _stream_id, ...fields } of records)
      console.log(`${_time}  ${_msg}  ${JSON.stringify(fields)}`);
}

export interface TracesFlags {
  service?: string;
  operation?: string;
  tag: string[];
  minDuration?: string;
  lookback: string;
  limit: string;
  jaegerUrl?: string;
  json?: boolean;
}

interface Span {
  traceID: string;
  spanID: string;
  operationName: string;
  startTime: number;
  duration: number;
  processID: string;
  references: { refType: string; spanID: string }[];
}
interface Trace {
  traceID: string;
  spans: Span[];
  processes: Record<string, { serviceName: string }>;
}

const millis = (micros: number) => `${(micros / 1000).toFixed(micros < 10_000 ? 2 : 0)} ms`;

function jaegerBase(options: LocalStackOptions, flags: { jaegerUrl?: string | undefined }): string {
  return (
    flags.jaegerUrl ??
    runningStack(options.home)?.jaeger?.url ??
    `http://127.0.0.1:${options.jaegerPorts.query}`
  );
}

async function jaeger(url: string): Promise<Trace[]> {
  const { status, text } = await get(url, 'Jaeger', '--jaeger-url');
  const body = parsed(text, 'Jaeger') as { data?: Trace[]; errors?: { msg: string }[] | null };
  if (status === 404) return [];
  if (status !== 200) throw new CommandFailed(`Jaeger answered ${status}: ${body.errors?.[0]?.msg ?? text}`);
  return body.data ?? [];
}

/** A trace as an indented waterfall: each span under its parent, with its start offset and duration. */
export function waterfall(trace: Trace): string {
  const start = Math.min(...trace.spans.map((span) => span.startTime));
  const children = new Map<string, Span[]>();
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const roots: Span[] = [];
  for (const span of [...trace.spans].sort((a, b) => a.startTime - b.startTime)) {
    const parent = span.references.find((ref) => ref.refType === 'CHILD_OF' && ids.has(ref.spanID))?.spanID;
    if (parent === undefined) roots.push(span);
    else children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines = [`trace ${trace.traceID}`];
  const walk = (span: Span, depth: number) => {
    const service = trace.processes[span.processID]?.serviceName ?? '?';
    lines.push(
      `${`+${millis(span.startTime - start)}`.padStart(12)} ${millis(span.duration).padStart(10)}  ${'  '.repeat(depth)}${span.operationName} (${service})`,
    );
    for (const child of children.get(span.spanID) ?? []) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines.join('\n');
}

export async function traces(
  options: LocalStackOptions,
  id: string | undefined,
  flags: TracesFlags,
): Promise<void> {
  const base = jaegerBase(options, flags);
  if (id !== undefined) {
    const [trace] = await jaeger(`${base}/api/traces/${encodeURIComponent(id)}`);
    if (trace === undefined) throw new CommandFailed(`Jaeger has no trace ${id}`);
    console.log(flags.json ? JSON.stringify(trace, null, 2) : waterfall(trace));
    return;
  }
  if (flags.service === undefined) {
    const { text } = await get(`${base}/api/services`, 'Jaeger', '--jaeger-url');
    const services = (parsed(text, 'Jaeger') as { data: string[] | null }).data ?? [];
    throw new CommandFailed(
      `name a service with --service (Jaeger has: ${services.join(', ') || 'none yet'})`,
    );
  }
  const tags = Object.fromEntries(
    flags.tag.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new CommandFailed(`--tag must be key=value, not "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const params = new URLSearchParams({
    service: flags.service,
    lookback: flags.lookback,
    limit: flags.limit,
  });
  if (flags.operation !== undefined) params.set('operation', flags.operation);
  if (flags.minDuration !== undefined) params.set('minDuration', flags.minDuration);
  if (flags.tag.length > 0) params.set('tags', JSON.stringify(tags));
  const found = await jaeger(`${base}/api/traces?${params}`);
  if (flags.json) {
    console.log(JSON.stringify(found, null, 2));
    return;
  }
  for (const trace of found.sort(
    (a, b) => Math.min(...b.spans.map((s) => s.startTime)) - Math.min(...a.spans.map((s) => s.startTime)),
  )) {
    const root = trace.spans.find((span) => span.references.length === 0) ?? trace.spans[0];
    const started = new Date(Math.min(...trace.spans.map((s) => s.startTime)) / 1000).toISOString();
    console.log(
      `${trace.traceID}  ${started}  ${millis(root?.duration ?? 0).padStart(10)}  ${String(trace.spans.length).padStart(3)} spans  ${root?.operationName ?? ''}`,
    );
  }
  if (found.length === 0) console.log('no traces (widen --lookback, or check --service)');
}
