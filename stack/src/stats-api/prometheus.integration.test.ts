import { init, recordUsage } from '@meterline/sdk';
import { eventually, Prometheus } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';

// Exact answers need MetricsQL (increase_pure, tfirst_over_time). Pointed at a real Prometheus holding the
// SDK's usage series, the API must say so plainly instead of answering wrong numbers or a vague error.

describe('a Prometheus back end', () => {
  let prometheus: Prometheus;
  let api: ReturnType<typeof createStatsApi>;

  beforeAll(async () => {
    prometheus = await Prometheus.start();
    const meterline = init({
      exporter: 'remote-write',
      remoteWrite: { url: prometheus.writeUrl },
      serviceName: 'chat',
      runtimeMetrics: false,
      env: {},
    });
    recordUsage(meterline, { sessionId: 's1', userId: 'u1', organizationId: 'o1', model: 'm', costUsd: 0.5 });
    await meterline.shutdown();
    const backend = new Backend({ url: prometheus.url });
    await eventually(async () =>
      expect(await backend.metricNames(0, Date.now() / 1000 + 60)).toContain('usage_cost_USD_total'),
    );
    api = createStatsApi({ backend });
  });
  afterAll(() => prometheus?.stop());

  it.each(['session/s1', 'user/u1', 'org/o1'])('answers %s with 502 backend_unsupported', async (path) => {
    const response = await api.request(`/api/stats/${path}`);
    expect([response.status, await response.json()]).toEqual([
      502,
      {
        error: {
          code: 'backend_unsupported',
          message: 'the metrics back end does not speak MetricsQL; the stats API needs VictoriaMetrics',
        },
      },
    ]);
  });

  it('reports it in health as not usable, naming the missing function', async () => {
    const response = await api.request('/api/health');
    const body = (await response.json()) as { status: string; backend: { up: boolean; error: string } };
    expect([response.status, body.status, body.backend.up]).toEqual([503, 'degraded', false]);
    expect(body.backend.error).toMatch(/does not know increase_pure\(\), a MetricsQL function/);
  });
});
