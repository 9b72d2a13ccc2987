import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through this export condition, so tests never
// run against a stale build.
const conditions = ['@meterline/source', 'node', 'import', 'default'];

// Built by stack/victoria-metrics/build.sh (part of `npm test`): the release the compose stack pins.
const release = fileURLToPath(
  new URL('stack/victoria-metrics/bin/victoria-metrics-release', import.meta.url),
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@meterline/source'] } },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Memory tests call gc() so heap figures are stable.
    execArgv: ['--expose-gc'],
    projects: [
      // Every test, against Debian's VictoriaMetrics 1.79.
      { test: { name: 'meterline', include: ['**/*.test.ts'] } },
      // What production sends to and asks of VictoriaMetrics, again against the release it runs: the SDK's
      // remote write, the collector's, the stats API's and the dashboards' queries (docs/design.md §6: both).
      {
        test: {
          name: 'victoria-metrics-release',
          include: [
            'sdk/src/export/remote-write/**/*.test.ts',
            'stack/collector/**/*.integration.test.ts',
            'stack/src/stats-api/**/*.test.ts',
            'dashboards-src/src/**/*.integration.test.ts',
          ],
          env: { VICTORIA_METRICS_BIN: release },
        },
      },
    ],
  },
});
