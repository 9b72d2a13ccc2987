import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import type { VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';
import { statsApiConfig } from './config.ts';
import { startStatsApi } from './server.ts';

describe('the stats API server', () => {
  let vm: VictoriaMetrics;
  test.beforeAll(async ({ vm: server }) => {
    vm = server;
  });

  it('serves over HTTP on the configured address and stops cleanly', async () => {
    const api = await startStatsApi(
      { ...statsApiConfig([], {}), backendUrl: vm.url, backendTimeoutMillis: 2000, port: 0 },
      false,
    );
    try {
      const response = await fetch(`${api.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', backend: { url: vm.url, up: true } });
    } finally {
      await api.close();
    }
  });

  // Regression: a taken port crashed the process with an unhandled 'error' event and a stack trace.
  it('fails with a plain message when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(
        startStatsApi({ ...statsApiConfig([], {}), backendUrl: vm.url, port }, false),
      ).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    } finally {
      taken.close();
    }
  });

  it('starts from `meterline stats-api` and reports its own requests to VictoriaMetrics', async () => {
    const cli = new URL('../cli/meterline.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      ['--conditions=@meterline/source', cli, 'stats-api', '--port', '0', '--backend-url', vm.url],
      {
        env: {
          ...process.env,
          METERLINE_EXPORTER: 'remote-write',
          METERLINE_REMOTE_WRITE_URL: vm.writeUrl,
          OTEL_METRIC_EXPORT_INTERVAL: '500',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const started = once(child.stdout, 'data') as Promise<[Buffer]>;
      const failed = once(child, 'exit').then(() => {
        throw new Error('meterline stats-api exited before serving');
      });
      const [line] = await Promise.race([started, failed]);
      const url = /on (http:\/\/\S+)/.exec(line.toString())?.[1] as string;
      expect((await fetch(`${url}/api/stats/session/none`)).status).toBe(404);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      const series = await vm.export('http_server_request_duration_seconds_count{job="meterline/stats-api"}');
      expect(
        series.map((s) => [s.metric.http_route, s.metric.http_response_status_code, s.values.at(-1)]),
      ).toEqual([['/api/stats/session/:id', '404', 1]]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
