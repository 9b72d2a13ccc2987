import {
  Collector,
  eventually,
  replayClaudeCodePayload,
  VictoriaLogs,
  VictoriaMetrics,
} from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';
import { LogsBackend, logsqlString } from './logs-backend.ts';
import { Events } from './view-schemas.ts';

// A session's events, as the real Claude Code CLI sent them through the real collector into VictoriaLogs,
// answered by /api/stats/session/{id}/events; hostile parameters never change the LogsQL beyond its literals.

const SESSION = 'f32eb6d0-84fc-4a78-9080-a246a8ca5ee0';
let vm: VictoriaMetrics;
let logs: VictoriaLogs;
let collector: Collector;
const sent: string[] = [];
let api: ReturnType<typeof createStatsApi>;

beforeAll(async () => {
  [vm, logs] = await Promise.all([VictoriaMetrics.start(), VictoriaLogs.start()]);
  collector = await Collector.start({ remoteWriteUrl: vm.writeUrl, victoriaLogsUrl: logs.otlpLogsUrl });
  await replayClaudeCodePayload(collector.httpEndpoint, 'with-resource-attributes');
  await eventually(
    async () => expect(await logs.query(`session.id:=${logsqlString(SESSION)}`)).toHaveLength(7),
    {
      timeoutMillis: 20_000,
    },
  );
  api = createStatsApi({
    backend: new Backend({ url: vm.url }),
    logs: new LogsBackend({ url: logs.url, onQuery: (query) => sent.push(query) }),
  });
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await Promise.all([vm?.destroy(), logs?.destroy()]);
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await api.request(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const events = (body: Record<string, unknown>) =>
  body.events as { name: string; attributes: Record<string, string> }[];

describe('GET /api/stats/session/{id}/events', () => {
  it("lists the session's events newest first, with their attributes", async () => {
    const { status, body } = await get(`/api/stats/session/${SESSION}/events`);
    expect(status).toBe(200);
    expect(Events.safeParse(body).error?.issues).toBeUndefined();
    expect(events(body).map((e) => e.name)).toEqual([
      'api_error',
      'tool_result',
      'tool_result',
      'tool_decision',
      'user_prompt',
      'assistant_response',
      'api_request',
    ]);
    expect(body).toMatchObject({ scope: 'session', id: SESSION, limit: 100, offset: 0, nextOffset: null });
    expect((body.events as { body: string }[])[0]?.body).toBe('claude_code.api_error');
  });

  it('filters by event name, and keeps what the request cost', async () => {
    const { body } = await get(`/api/stats/session/${SESSION}/events?event=api_request`);
    expect(
      events(body).map((e) => [
        e.name,
        e.attributes.cost_usd,
        e.attributes.model,
        e.attributes['organization.id'],
      ]),
    ).toEqual([['api_request', '0.00132375', 'claude-opus-4-8', 'acme-org']]);
  });

  // The administrator's attributes on the captured session: user.id and organization.id.
  it.each([
    ['user', 'user'],
    ['org', 'organization'],
  ])("lists a %s's recent API errors with event=api_error", async (path, scope) => {
    const request = (await logs.query(`session.id:=${logsqlString(SESSION)} event.name:=api_request`))[0];
    const id = scope === 'user' ? request?.['user.id'] : request?.['organization.id'];
    const { status, body } = await get(
      `/api/stats/${path}/${encodeURIComponent(id as string)}/events?event=api_error`,
    );
    expect([
      status,
      body.scope,
      body.id,
      events(body).map((e) => [e.name, e.attributes.status_code]),
    ]).toEqual([200, scope, id, [['api_error', '400']]]);
  });

  it('pages with limit and nextOffset', async () => {
    const first = await get(`/api/stats/session/${SESSION}/events?limit=3`);
    expect([events(first.body).map((e) => e.name), first.body.nextOffset]).toEqual([
      ['api_error', 'tool_result', 'tool_result'],
      3,
    ]);
    const last = await get(`/api/stats/session/${SESSION}/events?limit=3&offset=6`);
    expect([events(last.body).map((e) => e.name), last.body.nextOffset]).toEqual([['api_request'], null]);
  });

  // Each id reaches VictoriaLogs as one quoted literal and matches nothing.
  const hostileIds = [
    'x" or session.id:*',
    '*',
    'a | delete',
    `${SESSION}" | limit 1 | "`,
    'back\\slash',
    'line\nbreak',
    '"',
    'ünï 中文 🙂',
  ];
  it.each(hostileIds)('id %j: 404, and the LogsQL changed only by its literal', async (id) => {
    sent.length = 0;
    const { status, body } = await get(`/api/stats/session/${encodeURIComponent(id)}/events`);
    expect([status, body]).toEqual([
      404,
      { error: { code: 'not_found', message: 'no events for this session in the window' } },
    ]);
    expect(sent).toEqual([`session.id:=${JSON.stringify(id)} | sort by (_time desc) offset 0 limit 101`]);
  });

  const badParameters: [query: string, parameter: string][] = [
    ['event=a"b', 'event'],
    ['event=api_request%20or%20*', 'event'],
    [`event=${'e'.repeat(129)}`, 'event'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=1e3', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=100001', 'offset'],
    ['window=forever', 'window'],
    ['window=1h&start=0', 'window'],
  ];
  it.each(badParameters)('%s: 400 naming %s, nothing sent', async (query, parameter) => {
    sent.length = 0;
    const { status, body } = await get(`/api/stats/session/${SESSION}/events?${query}`);
    expect([status, (body.error as { parameter?: string }).parameter]).toEqual([400, parameter]);
    expect(sent).toEqual([]);
  });

  it('answers 400 for an id longer than 256 characters', async () => {
    expect((await get(`/api/stats/session/${'x'.repeat(257)}/events`)).status).toBe(400);
  });

  it('answers 503 without a logs back end, and when it is down', async () => {
    const unconfigured = createStatsApi({ backend: new Backend({ url: vm.url }) });
    const response = await unconfigured.request(`/api/stats/session/${SESSION}/events`);
    expect([response.status, await response.json()]).toEqual([
      503,
      {
        error: {
          code: 'logs_not_configured',
          message: 'no logs back end is configured: start the stats API with --logs-url',
        },
      },
    ]);
    const down = createStatsApi({
      backend: new Backend({ url: vm.url }),
      logs: new LogsBackend({ url: 'http://127.0.0.1:9' }),
    });
    const failed = await down.request(`/api/stats/session/${SESSION}/events`);
    expect([failed.status, await failed.json()]).toEqual([
      503,
      { error: { code: 'backend_unavailable', message: 'the logs back end is unavailable' } },
    ]);
  });
});
