import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventually } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect } from 'vitest';

// OpenTelemetry's own instrumentations report through Meterline's registered MeterProvider, to the same
// exporter as the typed instruments: a real HTTP server instrumented by @opentelemetry/instrumentation-http.

const sdk = new URL('./index.ts', import.meta.url).href;

describe('OpenTelemetry instrumentations', () => {
  test('export http.server.request.duration through the remote-write exporter', async ({ vm }) => {
    const script = `
      const { createRequire } = await import('node:module');
      const { init } = await import(${JSON.stringify(sdk)});
      const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
      const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
      const ml = init({ exporter: 'remote-write', remoteWrite: { url: ${JSON.stringify(vm.writeUrl)} },
        serviceName: 'instrumented', runtimeMetrics: false });
      registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
      // Loaded after the instrumentation is registered, as in a CommonJS service.
      const http = createRequire(import.meta.url)('node:http');
      const server = http.createServer((request, response) => response.end('ok'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      for (let i = 0; i < 3; i++) await fetch('http://127.0.0.1:' + server.address().port + '/hello');
      server.close();
      await ml.shutdown();`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: import.meta.dirname,
      env: { PATH: process.env.PATH ?? '' },
    });
    await eventually(async () => {
      const series = await vm.export('http_server_request_duration_seconds_count{job="instrumented"}');
      expect(
        series.map((s) => [
          s.metric.http_request_method,
          s.metric.http_response_status_code,
          s.values.at(-1),
        ]),
      ).toEqual([['GET', '200', 3]]);
    });
  });
});
