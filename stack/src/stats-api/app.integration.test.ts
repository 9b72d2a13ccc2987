import { createServer, type Server } from 'node:net';
import { escapeLabelValue, init, type Meterline } from '@meterline/sdk';
import { claudeCodeImportLines, claudeCodeScenario, type VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';
import type { openApiDocument } from './openapi.ts';
import { caughtUpSummaries } from './summaries/testing.ts';
import { OrganizationView, SessionView, UserView } from './view-schemas.ts';

const now = Math.floor(Date.now() / 1000 / 60) * 60;
const t0 = now - 3 * 3600;
const { events, resetAfter } = claudeCodeScenario(t0);

let vm: VictoriaMetrics;
test.beforeAll(async ({ vm: server }) => {
  vm = server;
  await vm.importLines(claudeCodeImportLines(events, { naming: 'collector', resetAfter }));
});

/** The API with every query it sends recorded. */
function recordingApi(
  options: { bearerToken?: string; meterline?: Meterline; cacheTtlMillis?: number } = {},
) {
  const queries: string[] = [];
  const backend = new Backend({ url: vm.url, onQuery: (query) => queries.push(query) });
  return { api: createStatsApi({ backend, now: () => now, ...options }), queries };
}

/**
 * The queries inside the requests sent: a batch may go out as unions of tagged parts, split differently
 * when a long id makes a union too long. An escaped literal cannot contain the tag, whose quotes are bare.
 */
function partsOf(requests: string[]): string[] {
  return requests.flatMap((request) => {
    const parts = [...request.matchAll(/label_set\((.+?), "meterline_part", "\d+"\)/gs)];
    return parts.length === 0 ? [request] : parts.map((match) => match[1] as string);
  });
}

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('hostile ids', () => {
  const hostile: [what: string, id: string][] = [
    ['a double quote', '"'],
    ['a backslash', '\\'],
    ['a quote and brace', '"}'],
    ['a PromQL injection', '"} or vector(1) or {"'],
    ['a regex operator', '=~.*'],
    ['braces', '{}'],
    ['a newline', 'a\nb'],
    ['unicode', 'ünïcødé 🚀'],
    ['a single quote', "'"],
    ['a backslash and quote', '\\"'],
    ['a percent-encoded slash', 'a/b'],
    // Regression: a session view's union of 14 queries outgrew VictoriaMetrics' 16 KiB query limit (502).
    ['256 four-byte characters', '🚀'.repeat(256)],
  ];
  const routes = ['session', 'user', 'org'];

  it.each(hostile)(
    '%s: 404 with JSON, and the queries differ from a plain id only by the escaped literal',
    async (_what, id) => {
      for (const route of routes) {
        const plain = recordingApi();
        await plain.api.request(`/api/stats/${route}/PLAIN`);
        const attacked = recordingApi();
        const { status, body } = await json(
          await attacked.api.request(`/api/stats/${route}/${encodeURIComponent(id)}`),
        );
        expect([route, status, (body.error as { code: string }).code]).toEqual([route, 404, 'not_found']);
        const literal = `"${escapeLabelValue(id)}"`;
        const normalised = partsOf(attacked.queries).map((query) => query.split(literal).join('"PLAIN"'));
        expect(normalised.sort()).toEqual(partsOf(plain.queries).sort());
        expect(normalised.length).toBeGreaterThan(0);
      }
    },
  );

  const rejected: [what: string, parameter: string, path: string][] = [
    ['a 10,000-character id', 'id', `/api/stats/session/${'x'.repeat(10_000)}`],
    ['malformed percent-encoding', 'id', '/api/stats/session/%E0%A4%A'],
    ['limit 0', 'limit', '/api/stats/user/alice?limit=0'],
    ['limit 101', 'limit', '/api/stats/user/alice?limit=101'],
    ['limit abc', 'limit', '/api/stats/org/acme?limit=abc'],
    ['an unknown window', 'window', '/api/stats/session/a1?window=forever'],
    ['a window and a start', 'window', '/api/stats/session/a1?window=7d&start=1'],
    ['a start after the end', 'start', '/api/stats/session/a1?start=1700000100&end=1700000000'],
    ['a malformed start', 'start', '/api/stats/session/a1?start=%22%7D'],
    ['an unknown source', 'source', '/api/stats/session/a1?source=%22'],
    ['a breakdown by an unknown attribute', 'by', '/api/stats/org/acme?by=session.id'],
    ['a breakdown that tries to inject PromQL', 'by', '/api/stats/org/acme?by=model)%20or%20vector(1'],
  ];
  it.each(rejected)('%s → 400 naming %s, no query sent', async (_what, parameter, path) => {
    const { api, queries } = recordingApi();
    const { status, body } = await json(await api.request(path));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'bad_request', parameter });
    expect(queries).toEqual([]);
  });

  it('answers an empty id with a JSON 404 for the route', async () => {
    const { status, body } = await json(await recordingApi().api.request('/api/stats/session/'));
    expect([status, (body.error as { code: string }).code]).toEqual([404, 'not_found']);
  });
});

describe('hostile ids stored in the back end', () => {
  // A session id arrives in telemetry, so it is as untrusted as a request's; the organization view puts
  // the listed sessions' ids back into its queries, and the summaries put ids into theirs.
  const hostileSessions = ['x"} or vector(1) or {"', 'a\\"b', 'line\nbreak'];
  beforeAll(async () => {
    const at = (now - 600) * 1000;
    await vm.importLines(
      hostileSessions.map((session, i) => ({
        metric: {
          __name__: 'claude_code_cost_usage_USD_total',
          session_id: session,
          user_id: 'mallory',
          organization_id: 'evil-corp',
          model: 'claude-haiku-4-5',
        },
        values: [i + 0.5],
        timestamps: [at + i * 60_000],
      })),
    );
  });

  it('lists them with their exact sums, each inserted only as an escaped literal', async () => {
    const { api, queries } = recordingApi();
    const { status, body } = await json(await api.request('/api/stats/org/evil-corp?limit=2'));
    expect(status).toBe(200);
    expect(body.sessions).toMatchObject([
      { id: 'line\nbreak', costUsd: 2.5 },
      { id: 'a\\"b', costUsd: 1.5 },
    ]);
    expect((body.summary as { sessions: number }).sessions).toBe(3);
    const listed = queries.filter((query) => query.includes('session_id="'));
    expect(listed.length).toBeGreaterThan(0);
    for (const query of listed) {
      expect(query).toContain(`session_id="${escapeLabelValue('line\nbreak')}"`);
      expect(query).toContain(`session_id="${escapeLabelValue('a\\"b')}"`);
      expect(query).not.toContain('vector(1)');
    }
  });

  it('summarizes them exactly, each inserted into a list of ids only as an escaped literal', async () => {
    const queries: string[] = [];
    const backend = new Backend({ url: vm.url, onQuery: (query) => queries.push(query) });
    const api = createStatsApi({
      backend,
      now: () => now,
      summaries: await caughtUpSummaries(backend, () => now),
    });
    const { status, body } = await json(await api.request('/api/stats/org/evil-corp?limit=3'));
    expect(status).toBe(200);
    expect(body.sessions).toMatchObject([
      { id: 'line\nbreak', costUsd: 2.5 },
      { id: 'a\\"b', costUsd: 1.5 },
      { id: 'x"} or vector(1) or {"', costUsd: 0.5 },
    ]);
    const lists = queries.filter((query) => query.includes('session_id=~"'));
    expect(lists.length).toBeGreaterThan(0);
    // Escaped for a regular expression (\\), then for a PromQL string literal (\\\\ and \\").
    const literal = 'x\\"\\\\} or vector\\\\(1\\\\) or \\\\{\\"';
    for (const query of lists.filter((q) => q.includes('vector'))) expect(query).toContain(literal);
    expect(lists.some((query) => query.includes(literal))).toBe(true);
  });
});

describe('long ids', () => {
  const ids = Array.from({ length: 101 }, (_, i) => `${String(i).padStart(3, '0')}${'é'.repeat(253)}`);
  beforeAll(async () => {
    const at = (now - 900) * 1000;
    await vm.importLines(
      ids.map((session, i) => ({
        metric: {
          __name__: 'claude_code_cost_usage_USD_total',
          session_id: session,
          user_id: `u${i % 7}`,
          organization_id: 'long-ids',
          model: 'claude-opus-4-5',
        },
        values: [(i + 1) / 4],
        timestamps: [at + i * 1000],
      })),
    );
  });

  it.each([
    ['raw', false],
    ['summaries', true],
  ] as const)(
    "lists 100 of 101 sessions with 256-character ids, each query within the back end's limit (%s path)",
    async (_path, summarized) => {
      const queries: string[] = [];
      const backend = new Backend({ url: vm.url, onQuery: (query) => queries.push(query) });
      const summaries = summarized ? await caughtUpSummaries(backend, () => now) : undefined;
      const api = createStatsApi({ backend, now: () => now, summaries });
      const { status, body } = await json(await api.request('/api/stats/org/long-ids?limit=100'));
      expect([status, (body.summary as { sessions: number }).sessions]).toEqual([200, 101]);
      // The newest first: the oldest (000…) is not listed.
      expect((body.sessions as { id: string; costUsd: number }[]).map((s) => [s.id, s.costUsd])).toEqual(
        ids
          .map((id, i) => [id, (i + 1) / 4])
          .reverse()
          .slice(0, 100),
      );
      expect(Math.max(...queries.map((query) => Buffer.byteLength(query)))).toBeLessThanOrEqual(16_384);
    },
  );
});

describe('bearer-token authentication', () => {
  const api = {
    request: (path: string, init?: RequestInit) =>
      recordingApi({ bearerToken: 's3cret' }).api.request(path, init),
  };
  const cases: [what: string, status: number, headers: Record<string, string>][] = [
    ['no token', 401, {}],
    ['another scheme', 401, { authorization: 'Basic czNjcmV0' }],
    ['a wrong token', 403, { authorization: 'Bearer nope' }],
    ['the token', 200, { authorization: 'Bearer s3cret' }],
  ];
  it.each(cases)('%s → %d', async (_what, status, headers) => {
    const response = await api.request('/api/stats/session/a1', { headers });
    expect(response.status).toBe(status);
    if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Bearer realm="meterline"');
  });

  it('leaves health and the OpenAPI document open', async () => {
    expect((await api.request('/api/health')).status).toBe(200);
    expect((await api.request('/api/openapi.json')).status).toBe(200);
  });
});

describe('answer cache', () => {
  it('serves a kept answer with its age, computes anew for no-cache and for other parameters', async () => {
    const { api, queries } = recordingApi({ cacheTtlMillis: 60_000 });
    const first = await api.request('/api/stats/org/acme?limit=2');
    const sent = queries.length;
    const kept = await api.request('/api/stats/org/acme?limit=2');
    expect([kept.status, kept.headers.get('age'), queries.length]).toEqual([200, '0', sent]);
    expect(await kept.json()).toEqual(await first.json());
    expect(first.headers.get('age')).toBeNull();
    const cases: [what: string, path: string, init?: RequestInit][] = [
      ['no-cache', '/api/stats/org/acme?limit=2', { headers: { 'cache-control': 'no-cache' } }],
      ['another limit', '/api/stats/org/acme?limit=3'],
      ['another window', '/api/stats/org/acme?limit=2&window=24h'],
      ['another source', '/api/stats/org/acme?limit=2&source=claude-code'],
    ];
    for (const [what, path, init] of cases) {
      const before = queries.length;
      const response = await api.request(path, init);
      expect([what, response.status, response.headers.get('age'), queries.length > before]).toEqual([
        what,
        200,
        null,
        true,
      ]);
    }
  });

  // Regression: the key held the raw path and parameters, so one request spelled two ways was computed twice.
  it.each([
    ['limit with a leading zero', '/api/stats/org/acme?limit=2', '/api/stats/org/acme?limit=02'],
    ['the default limit spelled out', '/api/stats/org/acme', '/api/stats/org/acme?limit=10'],
    ['a percent-encoded id', '/api/stats/session/a1', '/api/stats/session/%61%31'],
    ['no window and all', '/api/stats/session/a1', '/api/stats/session/a1?window=all'],
    [
      'Unix seconds and RFC 3339',
      `/api/stats/session/a1?start=${t0}&end=${now}`,
      `/api/stats/session/a1?start=${new Date(t0 * 1000).toISOString()}&end=${new Date(now * 1000).toISOString()}`,
    ],
  ])('shares one answer across spellings: %s', async (_, first, second) => {
    const { api, queries } = recordingApi({ cacheTtlMillis: 60_000 });
    expect((await api.request(first)).status).toBe(200);
    const sent = queries.length;
    const again = await api.request(second);
    expect([again.status, again.headers.get('age'), queries.length]).toEqual([200, '0', sent]);
  });

  it('keeps neither a 404 nor a 400', async () => {
    const { api, queries } = recordingApi({ cacheTtlMillis: 60_000 });
    expect((await api.request('/api/stats/session/nobody')).status).toBe(404);
    const sent = queries.length;
    expect((await api.request('/api/stats/session/nobody')).status).toBe(404);
    expect(queries.length).toBe(2 * sent);
    expect((await api.request('/api/stats/org/acme?limit=0')).status).toBe(400);
  });

  it('checks the bearer token before serving a kept answer', async () => {
    const { api } = recordingApi({ cacheTtlMillis: 60_000, bearerToken: 's3cret' });
    const headers = { authorization: 'Bearer s3cret' };
    expect((await api.request('/api/stats/session/a1', { headers })).status).toBe(200);
    expect((await api.request('/api/stats/session/a1')).status).toBe(401);
    expect((await api.request('/api/stats/session/a1', { headers })).headers.get('age')).toBe('0');
  });
});

describe('back end failures', () => {
  it('answers 503 while the back end is down, and normally once it is back', async () => {
    const { api } = recordingApi();
    await vm.stop();
    try {
      expect(await json(await api.request('/api/stats/session/a1'))).toEqual({
        status: 503,
        body: { error: { code: 'backend_unavailable', message: 'the metrics back end is unavailable' } },
      });
      const health = await json(await api.request('/api/health'));
      expect([health.status, health.body.status, (health.body.backend as { up: boolean }).up]).toEqual([
        503,
        'degraded',
        false,
      ]);
    } finally {
      await vm.restart();
    }
    expect((await api.request('/api/stats/session/a1')).status).toBe(200);
  });

  it('answers 504 within the timeout when the back end stalls', async () => {
    const sockets: import('node:net').Socket[] = [];
    const stalling: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const port = (stalling.address() as import('node:net').AddressInfo).port;
    try {
      const api = createStatsApi({
        backend: new Backend({ url: `http://127.0.0.1:${port}`, timeoutMillis: 300 }),
        now: () => now,
      });
      const started = Date.now();
      const { status, body } = await json(await api.request('/api/stats/user/alice'));
      expect([status, (body.error as { code: string }).code]).toEqual([504, 'backend_timeout']);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      stalling.close();
    }
  });
});

describe('the API itself', () => {
  it('reports health with the back end', async () => {
    const { status, body } = await json(await recordingApi().api.request('/api/health'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', backend: { url: vm.url, up: true } });
  });

  it('answers every view exactly as its schema, which the OpenAPI document publishes, declares', async () => {
    const { api } = recordingApi();
    const document = (await (await api.request('/api/openapi.json')).json()) as ReturnType<
      typeof openApiDocument
    >;
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([
      '/api/health',
      '/api/openapi.json',
      '/api/stats/org/{id}',
      '/api/stats/org/{id}/events',
      '/api/stats/session/{id}',
      '/api/stats/session/{id}/events',
      '/api/stats/user/{id}',
      '/api/stats/user/{id}/events',
    ]);
    const cases = [
      ['/api/stats/session/a1', '/api/stats/session/{id}', 'SessionView', SessionView],
      ['/api/stats/user/alice', '/api/stats/user/{id}', 'UserView', UserView],
      ['/api/stats/org/acme', '/api/stats/org/{id}', 'OrganizationView', OrganizationView],
      ['/api/stats/org/acme?by=model', '/api/stats/org/{id}', 'OrganizationView', OrganizationView],
    ] as const;
    for (const [path, route, name, schema] of cases) {
      const { body } = await json(await api.request(path));
      // Strict schemas: a field they do not declare, or of another type, fails here.
      expect(schema.safeParse(body).error?.issues, path).toBeUndefined();
      const published = document.paths?.[route]?.get?.responses?.['200'].content['application/json'].schema;
      expect(published, path).toEqual({ $ref: `#/components/schemas/${name}` });
      expect(document.components?.schemas?.[name], path).toMatchObject({ additionalProperties: false });
    }
  });

  it('counts its own requests, errors, latency and cache hits per route', async () => {
    const meterline = init({ exporter: 'memory', runtimeMetrics: false, serviceName: 'stats-api', env: {} });
    const { api } = recordingApi({ meterline, cacheTtlMillis: 60_000 });
    await api.request('/api/stats/session/a1');
    await api.request('/api/stats/session/a2');
    await api.request('/api/stats/session/a1');
    await api.request('/api/health');
    await api.request('/api/stats/session/missing');
    await api.request('/api/stats/user/alice?limit=0');
    const collected = await meterline.collect();
    await meterline.shutdown();
    const points =
      collected.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'http.server.request.duration')?.dataPoints ?? [];
    const counts = Object.fromEntries(
      points.map((p) => [
        `${p.attributes['http.route']} ${p.attributes['http.response.status_code']} ${p.attributes['meterline.cache.result'] ?? '-'}`,
        (p.value as { count: number }).count,
      ]),
    );
    expect(counts).toEqual({
      '/api/stats/session/:id 200 miss': 2,
      '/api/stats/session/:id 200 hit': 1,
      '/api/stats/session/:id 404 -': 1,
      '/api/stats/user/:id 400 -': 1,
      '/api/health 200 -': 1,
    });
  });
});
