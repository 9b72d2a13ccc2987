import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventually, freeLocalStackPorts } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackState } from './stack-options.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../cli/meterline.ts', import.meta.url));

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('meterline up, status, query, stats, down', () => {
  const home = mkdtempSync(join(tmpdir(), 'meterline-home-'));
  let env: NodeJS.ProcessEnv;
  let up: ChildProcess;
  let output = '';
  const meterline = (...args: string[]) =>
    run(process.execPath, ['--conditions=@meterline/source', cli, ...args], { env });

  beforeAll(async () => {
    env = {
      ...process.env,
      METERLINE_HOME: home,
      ...(await freeLocalStackPorts()),
      METERLINE_EXAMPLE_INTERVAL_SECONDS: '2',
    };
    up = spawn(process.execPath, ['--conditions=@meterline/source', cli, 'up'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    up.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    up.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await eventually(() => expect(output).toContain('meterline is up'), { timeoutMillis: 60_000 });
  }, 90_000);
  afterAll(async () => {
    up?.kill('SIGKILL');
    // After a failed test: `down` also stops the parts the killed `up` left running.
    await meterline('down').catch(() => {});
    rmSync(home, { recursive: true, force: true });
  });

  it('answers a session of the example service within 60 s, then stops leaving no process behind', async () => {
    const state = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8')) as StackState;
    expect(state.collector).toBeDefined();
    const started = Date.now();
    const session = await eventually(
      async () => JSON.parse((await meterline('stats', 'session', 'alice-0', '--json')).stdout),
      { timeoutMillis: 60_000, intervalMillis: 1000 },
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(session).toMatchObject({
      source: 'sdk',
      session: { id: 'alice-0', userId: 'alice', organizationId: 'acme' },
    });
    expect(session.costs.totalUsd).toBeGreaterThan(0);

    // Events and traces of the example service, within the same minute.
    const events = await eventually(
      async () => {
        const listed = (await meterline('events', 'alice-0')).stdout;
        expect(listed).toMatch(/^\S+Z {2}session_round/m);
        return JSON.parse(
          (await meterline('events', 'alice-0', '--event', 'session_round', '--json')).stdout,
        );
      },
      { timeoutMillis: 60_000, intervalMillis: 1000 },
    );
    expect(events.events[0]).toMatchObject({
      name: 'session_round',
      body: 'example.session_round',
      attributes: { round: '0', 'service.name': 'shell-api' },
    });
    const traceList = await eventually(
      async () => {
        const listed = (await meterline('traces', '--service', 'shell-api', '--lookback', '5m')).stdout;
        expect(listed).toMatch(/^[0-9a-f]{32} {2}\S+Z\s+[\d.]+ ms\s+1 spans {2}GET$/m);
        return listed;
      },
      { timeoutMillis: 60_000, intervalMillis: 1000 },
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    // The HTTP API's requests; the example's sessions and task runs are traces of their own.
    const traceId = /^([0-9a-f]{32}) .* GET$/m.exec(traceList)?.[1] as string;
    expect((await meterline('traces', traceId)).stdout).toMatch(
      new RegExp(`^trace ${traceId}\n\\s+\\+0\\.00 ms\\s+[\\d.]+ ms {2}GET \\(shell-api\\)\n$`),
    );
    expect((await meterline('logsql', 'event.name:=session_round | stats count() events')).stdout).toMatch(
      /"events":"\d+"/,
    );

    const instant = (await meterline('query', 'sum by (job) (usage_requests_total)')).stdout;
    expect(instant).toMatch(/^\{job="example\/shell-api"\}\s+\d+/);
    const range = (await meterline('query', 'sum(usage_requests_total)', '--range', '5m', '--step', '10s'))
      .stdout;
    expect(range).toMatch(/^series\s+last\s+\d\d:\d\d:\d\d → \d\d:\d\d:\d\d UTC, every 10s$/m);
    expect(range).toMatch(/^\{\}\s+\d+\s+[▁▂▃▄▅▆▇█ ]+$/m);
    const rangeJson = JSON.parse((await meterline('query', 'sum(usage_requests_total)', '--json')).stdout);
    expect(rangeJson.resultType).toBe('vector');
    const status = (await meterline('status')).stdout;
    expect(status).toMatch(/VictoriaMetrics\s+ok/);
    expect(status).toMatch(/stats API\s+ok/);
    expect(status).toMatch(/collector\s+ok/);
    expect(status).toMatch(/VictoriaLogs\s+ok/);
    expect(status).toMatch(/Jaeger\s+ok/);
    expect(JSON.parse((await meterline('status', '--json')).stdout)).toMatchObject({
      running: true,
      healthy: true,
    });

    // Regressions: `up --help` started a second stack, and a second `up` deleted the running one's state.
    expect((await meterline('up', '--help')).stdout).toMatch(/^Usage: meterline up/);
    await expect(meterline('up')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/a stack is already running from .* \(pid \d+/),
    });
    expect(JSON.parse(readFileSync(join(home, 'state.json'), 'utf8'))).toEqual(state);

    const burst = (await meterline('test')).stdout;
    expect(burst).toMatch(/^sent 100 requests of 5 sessions .* via the collector/m);
    expect(burst).toMatch(
      /^landed in VictoriaMetrics after [\d.]+ s: sum\(usage_requests_total\{session_id=~"test-\w+-\.\*"\}\) = 100/m,
    );
    expect(burst).toMatch(/stats API: .* → cost 0.02 USD/);
    expect((await meterline('logs', 'collector', '-n', '1')).stdout.split('\n').filter(Boolean)).toHaveLength(
      1,
    );

    expect((await meterline('down')).stdout).toContain('stopped');
    if (up.exitCode === null) await once(up, 'exit');
    expect(up.exitCode).toBe(0);
    expect(
      [
        state.victoriaMetrics.pid,
        state.collector?.pid,
        state.victoriaLogs?.pid,
        state.jaeger?.pid,
        state.pid,
      ].map(alive),
    ).toEqual([false, false, false, false, false]);
    expect(() => readFileSync(join(home, 'state.json'))).toThrow();
    expect((await meterline('down')).stdout).toBe('meterline: nothing is running\n');
  }, 120_000);

  // Regression: a stack whose `up` process was killed left VictoriaMetrics and the collector running, and
  // a state file `down` could not act on.
  it('stops the parts a killed `meterline up` left behind', async () => {
    const crashed = spawn(process.execPath, ['--conditions=@meterline/source', cli, 'up'], {
      env,
      stdio: 'ignore',
    });
    const state = await eventually(
      () => JSON.parse(readFileSync(join(home, 'state.json'), 'utf8')) as StackState,
      { timeoutMillis: 60_000 },
    );
    crashed.kill('SIGKILL');
    await once(crashed, 'exit');
    // Regression: the example service, not in the state, ran on after `down`.
    const parts = [
      state.victoriaMetrics.pid,
      state.collector?.pid,
      state.victoriaLogs?.pid,
      state.jaeger?.pid,
      state.example?.pid,
    ];
    expect(parts.map(alive)).toEqual([true, true, true, true, true]);
    expect((await meterline('down')).stdout).toContain('stopped');
    await eventually(() => expect(parts.map(alive)).toEqual([false, false, false, false, false]));
  }, 120_000);
});
