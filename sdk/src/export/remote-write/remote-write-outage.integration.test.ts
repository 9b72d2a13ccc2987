import { setTimeout as sleep } from 'node:timers/promises';
import { test } from '@meterline/testing/vitest';
import { describe, expect } from 'vitest';
import { init } from '../../meterline.ts';

describe('remote write through a VictoriaMetrics outage', () => {
  test('ends with every counter equal to the workload total after 20 s down, with bounded memory', async ({
    vm,
  }) => {
    const ml = init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl, initialBackoffMillis: 200, maxBackoffMillis: 2000 },
      exportIntervalMillis: 1000,
      serviceName: 'outage',
      runtimeMetrics: false,
      env: {},
    });
    const runs = ml.tasks.runs.bind({ 'task.name': 'ingest', 'task.outcome': 'success' });
    const lines = ml.streams.lines.bind({ 'stream.kind': 'logs' });
    const tokens = (n: number) =>
      ml.usage.tokens.add(n, { 'session.id': 's1', model: 'm', 'token.type': 'input' });
    const totals = { runs: 0, lines: 0, tokens: 0 };
    let exceptions = 0;
    // ~1000 adds a second across three counters, bound and unbound.
    const workload = setInterval(() => {
      for (let i = 0; i < 10; i++) {
        try {
          runs.add(1);
          totals.runs += 1;
          lines.add(3);
          totals.lines += 3;
          tokens(7);
          totals.tokens += 7;
        } catch {
          exceptions++;
        }
      }
    }, 30);

    await sleep(3000);
    await vm.stop();
    const baselineHeap = process.memoryUsage().heapUsed;
    let maxPending = 0;
    let maxHeapGrowth = 0;
    for (let elapsed = 0; elapsed < 21_000; elapsed += 250) {
      await sleep(250);
      maxPending = Math.max(maxPending, ml.pendingExports);
      maxHeapGrowth = Math.max(maxHeapGrowth, process.memoryUsage().heapUsed - baselineHeap);
    }
    await vm.restart();
    await sleep(3000);
    clearInterval(workload);
    await ml.shutdown();

    const last = async (selector: string) => (await vm.export(selector))[0]?.values.at(-1);
    expect(exceptions).toBe(0);
    expect(totals.runs).toBeGreaterThan(10_000 / 3);
    expect({
      runs: await last('task_runs_total{job="outage"}'),
      lines: await last('stream_lines_total{job="outage"}'),
      tokens: await last('usage_tokens_total{job="outage"}'),
    }).toEqual(totals);
    expect(maxPending).toBeLessThanOrEqual(2);
    expect(maxHeapGrowth).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);
});
