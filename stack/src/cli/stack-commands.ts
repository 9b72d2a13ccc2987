// The local stack's lifecycle commands: up, down, status, logs, reset, clean.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { startLocalStack } from '../local/local-stack.ts';
import { type LocalStackOptions, type StackState, statePath } from '../local/stack-options.ts';

/** A command that ran and failed: its message says what to do; exit code 1. */
export class CommandFailed extends Error {}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readState(home: string): StackState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(home), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/** The running stack's state; a state file whose process is gone is stale and removed. */
export function runningStack(home: string): StackState | undefined {
  const state = readState(home);
  if (state === undefined || isAlive(state.pid)) return state;
  rmSync(statePath(home), { force: true });
  return undefined;
}

/** Resolves on Ctrl-C or SIGTERM, so foreground commands can stop their parts cleanly. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function up(options: LocalStackOptions): Promise<void> {
  const running = runningStack(options.home);
  if (running !== undefined) {
    throw new CommandFailed(
      `a stack is already running from ${options.home} (pid ${running.pid}, since ${running.startedAt}); stop it with \`meterline down\`, or set METERLINE_HOME and the METERLINE_*_PORT variables to run another`,
    );
  }
  const log = (line: string) => console.log(`meterline: ${line}`);
  const { state, stop } = await startLocalStack(options, log);
  console.log(`meterline is up (data in ${options.home}, logs: \`meterline logs\`)
  VictoriaMetrics  ${state.victoriaMetrics.url}${state.victoriaMetrics.ui ? `   UI: ${state.victoriaMetrics.ui}` : ''}
  collector        ${state.collector ? `${state.collector.http} (OTLP HTTP), ${state.collector.grpc} (OTLP gRPC)` : 'not running: the example writes to VictoriaMetrics directly'}
  VictoriaLogs     ${state.victoriaLogs ? `${state.victoriaLogs.url}   UI: ${state.victoriaLogs.ui}   (events: \`meterline events <session>\`)` : 'not running: events are counted, not kept'}
  Jaeger           ${state.jaeger ? `${state.jaeger.url}/api/services (API; the UI is not in a build from source: \`meterline traces\`)` : 'not running: traces are dropped'}
  stats API        ${state.statsApi.url}/api/stats/session/alice-0
  Try: npm run meterline -- stats org acme   ·   Ctrl-C or \`meterline down\` stops everything`);
  await untilSignal();
  console.log('meterline: stopping…');
  await stop();
}

/** Waits until none of `pids` is alive, or `millis` pass; returns those still alive. */
async function waitGone(pids: number[], millis: number): Promise<number[]> {
  const deadline = Date.now() + millis;
  while (pids.some(isAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
  return pids.filter(isAlive);
}

/**
 * Stops the stack: its `up` process stops the parts in order. Parts left behind (its `up` was killed, or
 * did not stop in time) are then stopped directly.
 */
export async function down(options: LocalStackOptions): Promise<void> {
  const state = readState(options.home);
  if (state === undefined) {
    console.log('meterline: nothing is running');
    return;
  }
  const wasRunning = isAlive(state.pid);
  if (wasRunning) {
    process.kill(state.pid, 'SIGTERM');
    const [stuck] = await waitGone([state.pid], 30_000);
    if (stuck !== undefined) process.kill(stuck, 'SIGKILL');
  }
  const leftovers = [
    state.example?.pid,
    state.collector?.pid,
    state.jaeger?.pid,
    state.victoriaLogs?.pid,
    state.victoriaMetrics.pid,
  ].filter((pid): pid is number => pid !== undefined && isAlive(pid));
  for (const pid of leftovers) process.kill(pid, 'SIGTERM');
  for (const pid of await waitGone(leftovers, 15_000)) process.kill(pid, 'SIGKILL');
  rmSync(statePath(options.home), { force: true });
  console.log(
    wasRunning || leftovers.length > 0
      ? `meterline: stopped${leftovers.length > 0 ? ` (and ${leftovers.length} part(s) a crashed stack left running)` : ''}`
      : 'meterline: removed the state of a stack that had stopped',
  );
}

async function probe(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const response = await request(url, { signal: AbortSignal.timeout(5000) });
    await response.body.dump();
    return { ok: response.statusCode === 200, detail: `HTTP ${response.statusCode}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

export async function status(options: LocalStackOptions, json: boolean): Promise<void> {
  const state = runningStack(options.home);
  const parts =
    state === undefined
      ? []
      : [
          { name: 'VictoriaMetrics', url: `${state.victoriaMetrics.url}/health` },
          { name: 'stats API', url: `${state.statsApi.url}/api/health` },
          ...(state.collector
            ? [{ name: 'collector', url: `http://127.0.0.1:${options.collectorHealthPort}/` }]
            : []),
          ...(state.victoriaLogs ? [{ name: 'VictoriaLogs', url: `${state.victoriaLogs.url}/health` }] : []),
          ...(state.jaeger
            ? [{ name: 'Jaeger', url: `http://127.0.0.1:${options.jaegerPorts.health}/status` }]
            : []),
        ];
  const checked = await Promise.all(parts.map(async (part) => ({ ...part, ...(await probe(part.url)) })));
  const healthy = state !== undefined && checked.every((part) => part.ok);
  if (json) console.log(JSON.stringify({ running: state !== undefined, healthy, parts: checked }, null, 2));
  else if (state === undefined) console.log('meterline: not running (start it with `npm start`)');
  else
    for (const part of checked)
      console.log(`${part.name.padEnd(16)} ${part.ok ? 'ok' : `down (${part.detail})`}  ${part.url}`);
  if (!healthy) process.exitCode = 1;
}

/** The parts that write logs: one file each under <home>/logs. */
function logFiles(home: string): string[] {
  const folder = join(home, 'logs');
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((file) => file.endsWith('.log'))
        .sort()
    : [];
}

export function logs(options: LocalStackOptions, part: string | undefined, lines: number): void {
  const files = logFiles(options.home);
  if (files.length === 0)
    throw new CommandFailed(`no logs in ${join(options.home, 'logs')}: start the stack with \`npm start\``);
  const chosen = part === undefined ? files : files.filter((file) => file === `${part}.log`);
  if (chosen.length === 0) {
    throw new CommandFailed(
      `no log for "${part}"; the parts are: ${files.map((f) => f.slice(0, -4)).join(', ')}`,
    );
  }
  for (const file of chosen) {
    const text = readFileSync(join(options.home, 'logs', file), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines);
    if (chosen.length > 1) console.log(`==> ${file} <==`);
    console.log(text.join('\n'));
  }
}

function refuseWhileRunning(options: LocalStackOptions, what: string): void {
  if (runningStack(options.home) !== undefined) {
    throw new CommandFailed(`the stack is running; stop it with \`meterline down\` before ${what}`);
  }
}

/** Deletes the stored data and logs, keeping the folder (and whatever configuration it holds). */
export function reset(options: LocalStackOptions): void {
  refuseWhileRunning(options, 'reset');
  for (const folder of ['victoria-metrics', 'logs'])
    rmSync(join(options.home, folder), { recursive: true, force: true });
  console.log(`meterline: data and logs deleted from ${options.home}`);
}

/** Deletes the whole stack folder. */
export function clean(options: LocalStackOptions): void {
  refuseWhileRunning(options, 'clean');
  rmSync(options.home, { recursive: true, force: true });
  console.log(`meterline: deleted ${options.home}`);
}
