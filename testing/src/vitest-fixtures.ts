// A separate entry (`@meterline/testing/vitest`): importing vitest outside a test run throws, and the
// benchmarks use the rest of the harness.
import { test as base } from 'vitest';
import { Collector } from './collector.ts';
import { VictoriaLogs } from './victoria-logs.ts';
import { VictoriaMetrics } from './victoria-metrics.ts';

interface ServerFixtures {
  /** A real VictoriaMetrics for the whole test file, destroyed after its last test. */
  vm: VictoriaMetrics;
  /** A real VictoriaLogs for the whole test file, destroyed after its last test. */
  logs: VictoriaLogs;
  /** The real collector writing metrics to {@link vm} and log records to {@link logs}, for the whole test file. */
  collector: Collector;
}

/**
 * `test` with the real servers a test file needs, each started on first use and stopped after the file's
 * last test: replaces the `beforeAll(start)` / `afterAll(destroy)` pairs. `test.beforeAll` receives them
 * too, for loading data once.
 */
export const test = base.extend<ServerFixtures>({
  vm: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from its first parameter.
    async ({}, use) => {
      const vm = await VictoriaMetrics.start();
      await use(vm);
      await vm.destroy();
    },
    { scope: 'file' },
  ],
  logs: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from its first parameter.
    async ({}, use) => {
      const logs = await VictoriaLogs.start();
      await use(logs);
      await logs.destroy();
    },
    { scope: 'file' },
  ],
  collector: [
    async ({ vm, logs }, use) => {
      const collector = await Collector.start({
        remoteWriteUrl: vm.writeUrl,
        victoriaLogsUrl: logs.otlpLogsUrl,
      });
      await use(collector);
      await collector.stop();
    },
    { scope: 'file' },
  ],
});
