import {
  init,
  type Meterline,
  recordUsage,
  startSession,
  toPrometheusName,
  USAGE_SOURCES,
} from '@meterline/sdk';
import { activitySpan, type VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';
import { caughtUpSummaries } from './summaries/testing.ts';
import { iso, secondsBetween } from './views/time.ts';

// Sessions started and ended by the real SDK's startSession, written by its remote-write exporter: their
// start and end are the times the SDK recorded, not export times, on both paths. A session shorter than one
// export interval lasted 0 s in every answer before (regression).

const { sessionStart, sessionEnd } = USAGE_SOURCES.sdk.bounds;
const names = [sessionStart, sessionEnd].map((bound) =>
  toPrometheusName(bound?.name as string, bound?.unit as string, 'gauge'),
);
const who = { userId: 'u1', organizationId: 'o1' };
interface Span {
  start: string;
  end: string;
  durationSeconds: number;
}
/** The fields of the session and organization views these tests read. */
interface Answer {
  window: Span;
  summary: { firstSession: string; sessions: number };
  sessions: (Span & { id: string })[];
}
const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

describe('session bounds recorded by the SDK', () => {
  let vm: VictoriaMetrics;
  let apis: Record<'raw' | 'summaries', ReturnType<typeof createStatsApi>>;
  /** The bounds the SDK sent, read back from VictoriaMetrics. */
  const bounds = new Map<string, { start?: number; end?: number }>();
  const brackets = new Map<string, [number, number]>();
  let end = 0;

  test.beforeAll(async ({ vm: server }) => {
    vm = server;
    const meterline: Meterline = init({
      exporter: 'remote-write',
      remoteWrite: { url: vm.writeUrl },
      serviceName: 'chat',
      runtimeMetrics: false,
      exportIntervalMillis: 3_600_000,
      env: {},
    });
    const use = (sessionId: string) => recordUsage(meterline, { sessionId, ...who, model: 'm', costUsd: 1 });
    const bracket = async (id: string, run: () => Promise<void>) => {
      const before = Date.now() / 1000;
      await run();
      brackets.set(id, [before, Date.now() / 1000]);
    };
    const long = startSession(meterline, { sessionId: 'long', ...who });
    use('long');
    await pause(50);
    await bracket('short', async () => {
      const short = startSession(meterline, { sessionId: 'short', ...who });
      use('short');
      await pause(120);
      short.end();
    });
    await meterline.forceFlush();
    await pause(1100);
    use('long');
    long.end();
    startSession(meterline, { sessionId: 'live', ...who });
    use('live');
    await pause(50); // so its start is not its first export's millisecond
    use('plain'); // usage without startSession: no bounds, its samples tell
    await meterline.forceFlush();
    await meterline.shutdown();
    end = Date.now() / 1000 + 0.1;
    await pause(1500);
    for (const series of await vm.export(`{__name__=~"${names.join('|')}"}`)) {
      const entry = bounds.get(series.metric.session_id as string) ?? {};
      entry[series.metric.__name__ === names[0] ? 'start' : 'end'] = series.values[0];
      bounds.set(series.metric.session_id as string, entry);
    }
    const backend = new Backend({ url: vm.url });
    apis = {
      raw: createStatsApi({ backend, now: () => end }),
      summaries: createStatsApi({
        backend,
        now: () => end,
        summaries: await caughtUpSummaries(backend, () => end),
      }),
    };
  });

  const get = async (path: 'raw' | 'summaries', route: string) => {
    const response = await apis[path].request(route);
    return { status: response.status, body: (await response.json()) as Answer };
  };
  const span = (start: number, last: number) => ({
    start: iso(start),
    end: iso(last),
    durationSeconds: secondsBetween(start, last),
  });
  const bound = (id: string, which: 'start' | 'end') => bounds.get(id)?.[which] as number;

  it('sends each started session its start, and each ended one its end, within what the test saw', () => {
    expect([...bounds.keys()].sort()).toEqual(['live', 'long', 'short']);
    const [before, after] = brackets.get('short') as [number, number];
    expect(bound('short', 'start')).toBeGreaterThanOrEqual(before);
    expect(bound('short', 'end')).toBeLessThanOrEqual(after);
    // It paused 120 ms; a timer may fire a fraction of a millisecond early by the monotonic clock.
    expect(bound('short', 'end') - bound('short', 'start')).toBeGreaterThan(0.11);
    expect(bounds.get('live')?.end).toBeUndefined();
  });

  it.each(['raw', 'summaries'] as const)(
    'a session shorter than one export interval reports its real start and end, on the %s path (regression)',
    async (path) => {
      const { status, body } = await get(path, '/api/stats/session/short?source=sdk&window=all');
      expect(status).toBe(200);
      expect(body.window).toEqual(span(bound('short', 'start'), bound('short', 'end')));
      expect(body.window.durationSeconds).toBeGreaterThan(0.11);
    },
  );

  const windows = [
    ['the whole window', 'all', (id: string) => span(bound(id, 'start'), bound(id, 'end'))],
    // Starting inside both sessions: each is clipped to the window's start.
    ['a window starting inside them', 'start', (id: string) => span(windowStart(), bound(id, 'end'))],
  ] as const;
  const windowStart = () => (bound('short', 'start') + bound('short', 'end')) / 2;

  it.each(
    windows.flatMap(([title, mode, expected]) =>
      (['raw', 'summaries'] as const).map((path) => [title, path, mode, expected] as const),
    ),
  )('session views over %s, on the %s path', async (_title, path, mode, expected) => {
    const query = mode === 'all' ? 'window=all' : `start=${windowStart()}&end=${end}`;
    for (const id of ['short', 'long']) {
      const { body } = await get(path, `/api/stats/session/${id}?source=sdk&${query}`);
      expect(body.window).toEqual(expected(id));
    }
  });

  it.each(['raw', 'summaries'] as const)(
    'a live session runs from its start to its last change, and usage without bounds by its samples, on the %s path',
    async (path) => {
      const samples = async (id: string) =>
        activitySpan(await vm.export(`{session_id="${id}"}`), { start: 0, end }) ?? { first: 0, last: 0 };
      const live = await get(path, '/api/stats/session/live?source=sdk&window=all');
      expect(live.body.window).toEqual(span(bound('live', 'start'), (await samples('live')).last));
      const plain = await samples('plain');
      expect((await get(path, '/api/stats/session/plain?source=sdk&window=all')).body.window).toEqual(
        span(plain.first, plain.last),
      );
    },
  );

  it.each(['raw', 'summaries'] as const)(
    'the organization lists each session with its bounds, and starts where the first one started, on the %s path',
    async (path) => {
      const { status, body } = await get(path, '/api/stats/org/o1?source=sdk&window=all');
      expect(status).toBe(200);
      expect(body.summary.firstSession).toBe(iso(bound('long', 'start')));
      const listed = Object.fromEntries(
        body.sessions.map((s) => [s.id, { start: s.start, end: s.end, durationSeconds: s.durationSeconds }]),
      );
      expect(listed.short).toEqual(span(bound('short', 'start'), bound('short', 'end')));
      expect(listed.long).toEqual(span(bound('long', 'start'), bound('long', 'end')));
      expect(listed.live?.start).toBe(iso(bound('live', 'start')));
      expect(body.summary.sessions).toBe(4);
    },
  );
});
