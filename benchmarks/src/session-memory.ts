// Heap growth after 100k sessions started and ended, each with usage series that must be released.
import { init } from '@meterline/sdk';
import { sessionChurn } from '@meterline/testing';
import { machine, writeSection } from './harness.ts';

const SESSIONS = 100_000;
const ml = init({ exporter: 'memory', runtimeMetrics: false, serviceName: 'bench', env: {} });
const started = performance.now();
const growth = await sessionChurn(ml, SESSIONS);
const seconds = (performance.now() - started) / 1000;
await ml.shutdown();
const line = `${SESSIONS.toLocaleString('en')} sessions started and ended (2 usage records each, exported every 1000): heap growth ${(growth / 1024 / 1024).toFixed(2)} MiB, ${ml.liveSessions} sessions left in memory, ${seconds.toFixed(1)} s`;
console.log(line);
writeSection(
  'session-memory',
  [
    '## Session retirement and memory',
    '',
    'Command: `npm run bench:memory -w @meterline/benchmarks`',
    '',
    `Machine: ${machine()}.`,
    '',
    line,
  ].join('\n'),
);
