// A separate entry (`@meterline/testing/vitest`): importing vitest outside a test run throws, and the
// benchmarks use the rest of the harness.
import { test as base } from 'vitest';
import { Collector } from './collector.ts';
import { VictoriaMetrics } from './victoria-metrics.ts';

interface ServerFixtures {
  /** A real VictoriaMetrics for the whole test file, destroyed after its last test. */
  vm: VictoriaMetrics;
  /** The real collector writing to {@link vm}, for the whole test file. */
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
  collector: [
    async ({ vm }, use) => {
      const collector = await Collector.start({ remoteWriteUrl: vm.writeUrl });
      await use(collector);
      await collector.stop();
    },
    { scope: 'file' },
  ],
});
