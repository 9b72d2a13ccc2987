import {
  claudeCodeImportLines,
  claudeCodeScenario,
  claudeCodeTallies,
  expectedPeople,
  expectedSession,
  type FixtureOptions,
  VictoriaMetrics,
} from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';
import { caughtUpSummaries } from './summaries/testing.ts';

// Claude Code's telemetry as it lands in VictoriaMetrics, under both names it can arrive with, and every
// field of every view against the scenario's ground truth.

const now = Math.floor(Date.now() / 1000 / 60) * 60;
const t0 = now - 3 * 3600;
const { events, resetAfter } = claudeCodeScenario(t0);

describe.each([
  ['the collector path (unit suffixes, event-derived metrics)', 'collector', 'raw'],
  ["Claude Code's own Prometheus exporter (no unit suffixes, no events)", 'prometheus-exporter', 'raw'],
  ['the collector path', 'collector', 'summaries'],
  ["Claude Code's own Prometheus exporter", 'prometheus-exporter', 'summaries'],
] as const)('Claude Code through %s (%s), answered on the %s path', (_title, naming, path) => {
  let vm: VictoriaMetrics;
  let api: ReturnType<typeof createStatsApi>;
  const options: FixtureOptions = { naming, resetAfter };
  const withoutEvents = naming !== 'collector';
  const queries: string[] = [];

  beforeAll(async () => {
    vm = await VictoriaMetrics.start();
    await vm.importLines(claudeCodeImportLines(events, options));
    const backend = new Backend({ url: vm.url, onQuery: (query) => queries.push(query) });
    const summaries = path === 'summaries' ? await caughtUpSummaries(backend, () => now) : undefined;
    api = createStatsApi({ backend, now: () => now, summaries });
  });
  afterAll(() => vm.destroy());

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await api.request(path);
    return { status: response.status, body: await response.json() };
  }

  const windows: [title: string, query: string, window: { start: number; end: number }][] = [
    ['window=all', 'window=all', { start: now - 10 * 365 * 86_400, end: now }],
    [
      'a window cutting sessions at both ends',
      `start=${t0 + 150}&end=${t0 + 420}`,
      { start: t0 + 150, end: t0 + 420 },
    ],
    [
      'a window in RFC 3339',
      `start=${new Date((t0 + 300) * 1000).toISOString()}&end=${new Date((t0 + 1000) * 1000).toISOString()}`,
      { start: t0 + 300, end: t0 + 1000 },
    ],
  ];

  describe.each(windows)('%s', (_title, query, window) => {
    const tallies = claudeCodeTallies(events, window, options);
    const expectation = { source: 'claude-code' as const, window, withoutEvents };

    it.each(tallies.map((t) => [t.id, t] as const))('session %s', async (id, tally) => {
      expect(await get(`/api/stats/session/${id}?${query}`)).toEqual({
        status: 200,
        body: expectedSession(tally, expectation),
      });
    });

    it.each([...new Set(tallies.map((t) => t.userId))])('user %s', async (user) => {
      expect(await get(`/api/stats/user/${user}?${query}`)).toEqual({
        status: 200,
        body: expectedPeople(tallies, 'user', user, 10, expectation),
      });
    });

    it.each([...new Set(tallies.flatMap((t) => t.organizationId ?? []))])(
      'organization %s, limit 1',
      async (org) => {
        expect(await get(`/api/stats/org/${org}?${query}&limit=1`)).toEqual({
          status: 200,
          body: expectedPeople(tallies, 'organization', org, 1, expectation),
        });
      },
    );
  });

  if (path === 'summaries')
    it('asks the back end only about the sessions a window cuts', async () => {
      queries.length = 0;
      expect((await get('/api/stats/org/acme?window=all')).status).toBe(200);
      expect(queries).toEqual([]);
      expect((await get(`/api/stats/org/acme?start=${t0 + 150}&end=${t0 + 420}`)).status).toBe(200);
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) expect(query).toMatch(/session_id=~"[^"]+"/);
    });

  it('answers 404 for a session with no data in the window, and for the wrong source', async () => {
    expect((await get('/api/stats/session/nope')).status).toBe(404);
    expect((await get(`/api/stats/session/a2?start=${t0}&end=${t0 + 300}`)).status).toBe(404);
    expect(await get('/api/stats/session/a1?source=sdk')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no data for session "a1" in the window' } },
    });
  });
});
