import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';

// flushOnSignals: a service killed with SIGTERM exports what it recorded, then ends as the signal asks.

const index = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('flushOnSignals', () => {
  let vm: VictoriaMetrics;
  test.beforeAll(async ({ vm: server }) => {
    vm = server;
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'flushes on %s and lets the signal end the process',
    async (signal) => {
      const program = `
      import { init } from ${JSON.stringify(index)};
      const ml = init({ serviceName: 'signals-${signal}', exporter: 'remote-write', remoteWrite: { url: ${JSON.stringify(vm.writeUrl)} },
        exportIntervalMillis: 3600000, runtimeMetrics: false, flushOnSignals: true, env: {} });
      ml.tasks.runs.add(3, { 'task.name': 'job', 'task.outcome': 'success' });
      console.log('ready');
      setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await once(child.stdout, 'data');
      child.kill(signal);
      const [code, endedBy] = await once(child, 'exit');
      expect([code, endedBy]).toEqual([null, signal]);
      const [series] = await vm.export(`task_runs_total{job="signals-${signal}"}`);
      expect(series?.values.at(-1)).toBe(3);
    },
  );
});
