import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClaudeCodeProtocol, claudeCodeEnvironment } from '@meterline/stack/claude-code-setup';
import { Backend, createStatsApi, LogsBackend } from '@meterline/stack/stats-api';
import {
  type Answer,
  activitySpan,
  ClaudeCodeUser,
  type Collector,
  emptyTally,
  eventually,
  expectedPeople,
  expectedSession,
  FakeAnthropic,
  installClaudeCode,
  ProxySink,
  type SessionTally,
  type VictoriaLogs,
  type VictoriaMetrics,
} from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';

// The real Claude Code CLI, offline against a fake Anthropic API, with exactly the settings
// `meterline claude-code` prints, through the real collector into a real VictoriaMetrics: every field of
// the stats API's views against what the fake answered and the CLI's own total_cost_usd.

interface Case {
  title: string;
  protocol: ClaudeCodeProtocol;
  /** The first prompt starts a session; the others `--resume` it in new processes. */
  prompts: string[];
  resourceAttributes?: Record<string, string>;
  env?: Record<string, string>;
}

// `[bash:…]` asks the fake to have Claude Code run that command (a failing command is a failed tool);
// `[error:400]` makes the fake refuse the prompt's request (Claude Code does not retry a 400).
const cases: Case[] = [
  {
    title: 'an API-key user with default settings',
    protocol: 'grpc',
    prompts: ['list it [bash:echo hi] [bash:ls /nonexistent-meterline]', 'again [error:400]'],
  },
  {
    title: "an administrator's OTEL_RESOURCE_ATTRIBUTES",
    protocol: 'http/json',
    prompts: ['check [bash:echo team]'],
    resourceAttributes: {
      'organization.id': 'acme',
      department: 'eng',
      'team.id': 'platform',
      'user.email': 'dev@acme.example',
    },
  },
  {
    title: 'several --resumed prompts in one session',
    protocol: 'http/protobuf',
    prompts: ['first [bash:true]', 'second', 'third [bash:false] [bash:echo ok]'],
  },
  {
    title: 'OTEL_METRICS_INCLUDE_SESSION_ID=false',
    protocol: 'grpc',
    prompts: ['hidden [bash:echo hidden]'],
    env: { OTEL_METRICS_INCLUDE_SESSION_ID: 'false' },
  },
  { title: 'OTLP over http/protobuf', protocol: 'http/protobuf', prompts: ['one [bash:echo one]'] },
  { title: 'OTLP over http/json', protocol: 'http/json', prompts: ['two [error:400]'] },
];

/** What one case did, as the fake API and the CLI saw it. */
interface Run {
  userId: string;
  sessionId: string;
  answers: Answer[];
  costUsd: number;
  prompts: number;
  tools: { succeeded: number; failed: number };
  wallSeconds: number;
}

/** Claude Code's metrics name the model with its context window (`[1m]`); the collector drops it. */
const model = (answers: Answer[]) => (answers[0] as Answer).model;

function toolOutcomes(prompts: string[]) {
  const commands = prompts.flatMap((p) => [...p.matchAll(/\[bash:([^\]]+)\]/g)].map((m) => m[1] as string));
  const failed = commands.filter((c) => c === 'false' || c.startsWith('ls /nonexistent')).length;
  return { succeeded: commands.length - failed, failed };
}

describe('the real Claude Code CLI through the collector to the stats API', () => {
  let vm: VictoriaMetrics;
  let logs: VictoriaLogs;
  let collector: Collector;
  let fake: FakeAnthropic;
  let sink: ProxySink;
  const runs = new Map<Case, Run>();
  let end = 0;

  test.beforeAll(async ({ vm: server, logs: logServer, collector: running }) => {
    const binary = installClaudeCode();
    [vm, logs, collector] = [server, logServer, running];
    [fake, sink] = await Promise.all([FakeAnthropic.start(), ProxySink.start()]);
    const ports = (endpoint: string) => Number(new URL(endpoint).port);
    for (const c of cases) {
      const user = new ClaudeCodeUser(binary, { anthropicUrl: fake.url, proxyUrl: sink.url });
      const env = {
        ...claudeCodeEnvironment({
          protocol: c.protocol,
          host: '127.0.0.1',
          grpcPort: ports(collector.grpcEndpoint),
          httpPort: ports(collector.httpEndpoint),
          resourceAttributes: c.resourceAttributes,
        }),
        ...c.env,
      };
      const from = fake.answers.length;
      const started = Date.now();
      let sessionId: string | undefined;
      let costUsd = 0;
      for (const prompt of c.prompts) {
        const result = await user.run({ prompt, resume: sessionId, env });
        sessionId = result.session_id;
        costUsd += result.total_cost_usd;
      }
      const { userID } = JSON.parse(readFileSync(join(user.home, '.claude.json'), 'utf8')) as {
        userID: string;
      };
      runs.set(c, {
        userId: userID,
        sessionId: sessionId as string,
        answers: fake.answers.slice(from),
        costUsd,
        prompts: c.prompts.length,
        tools: toolOutcomes(c.prompts),
        wallSeconds: (Date.now() - started) / 1000,
      });
      user.remove();
    }
    // Every request of every case, counted from its events, has arrived.
    await eventually(
      async () => {
        for (const run of runs.values()) {
          const requests = await vm.export(`claude_code_api_requests_total{user_id="${run.userId}"}`);
          const total = requests.reduce((n, s) => n + (s.values.at(-1) ?? 0), 0);
          expect(total).toBe(run.answers.filter((a) => a.status === 200).length);
        }
      },
      { timeoutMillis: 30_000 },
    );
    end = Date.now() / 1000 + 0.5;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }, 300_000);
  afterAll(async () => {
    await Promise.all([fake?.stop(), sink?.stop()]);
  });

  // Every event the CLI sent is kept: what the fake answered, request by request, with the CLI's cost.
  it.each(cases.map((c) => [c.title, c] as const))(
    '%s: its events are in VictoriaLogs and the stats API, one api_request per answered request',
    async (_title, c) => {
      const run = runs.get(c) as Run;
      const api = createStatsApi({
        backend: new Backend({ url: vm.url }),
        logs: new LogsBackend({ url: logs.url }),
      });
      if (c.env?.OTEL_METRICS_INCLUDE_SESSION_ID === 'false') {
        // The CLI then leaves session.id off its events too: they are kept, found by user, not by session.
        const kept = await eventually(async () => {
          const found = await logs.query(`user.id:=${JSON.stringify(run.userId)}`);
          expect(found.length).toBeGreaterThan(0);
          return found;
        });
        expect(kept.filter((e) => e['session.id'] !== undefined)).toEqual([]);
        const response = await api.request(`/api/stats/session/${run.sessionId}/events`);
        expect(response.status).toBe(404);
        return;
      }
      const body = await eventually(async () => {
        const response = await api.request(`/api/stats/session/${run.sessionId}/events?limit=1000`);
        expect(response.status).toBe(200);
        return (await response.json()) as { events: { name: string; attributes: Record<string, string> }[] };
      });
      const named = (name: string) => body.events.filter((e) => e.name === name);
      const ok = run.answers.filter((a) => a.status === 200);
      expect(named('api_request').length).toBe(ok.length);
      expect(named('api_error').map((e) => e.attributes.status_code)).toEqual(
        run.answers.filter((a) => a.status !== 200).map((a) => String(a.status)),
      );
      expect(named('user_prompt').length).toBe(run.prompts);
      expect(named('tool_result').length).toBe(run.tools.succeeded + run.tools.failed);
      const cost = named('api_request').reduce((sum, e) => sum + Number(e.attributes.cost_usd), 0);
      expect(cost).toBeCloseTo(run.costUsd, 9);
      expect(new Set(body.events.map((e) => e.attributes['user.id']))).toEqual(new Set([run.userId]));
    },
  );

  it('talks to nothing but 127.0.0.1: the proxy sink refused nothing, the fake saw only Messages calls', () => {
    expect({ refused: sink.refused, unexpected: fake.unexpected }).toEqual({ refused: [], unexpected: [] });
  });

  /** Ground truth for one case; the times and what only the CLI measures come from the raw samples. */
  async function tally(c: Case, window: { start: number; end: number }): Promise<SessionTally> {
    const run = runs.get(c) as Run;
    const ok = run.answers.filter((a) => a.status === 200);
    const t = emptyTally(run.sessionId, run.userId, c.resourceAttributes?.['organization.id'] ?? null);
    const email = c.resourceAttributes?.['user.email'];
    if (email !== undefined) t.userEmail = email;
    for (const { usage } of ok) {
      if (usage === null) continue;
      t.tokensByType.input += usage.input_tokens;
      t.tokensByType.output += usage.output_tokens;
      t.tokensByType.cacheRead += usage.cache_read_input_tokens;
      t.tokensByType.cacheCreation += usage.cache_creation_input_tokens;
    }
    if (ok.length > 0) {
      const name = model(ok);
      t.costByModel[name] = run.costUsd;
      t.tokensByModel[name] = Object.values(t.tokensByType).reduce((a, b) => a + b, 0);
      t.requestsByModel[name] = ok.length;
    }
    t.prompts = run.prompts;
    t.apiErrors = run.answers.filter((a) => a.status !== 200).length;
    const toolRuns = run.tools.succeeded + run.tools.failed;
    if (toolRuns > 0) t.tools.Bash = run.tools;
    // --dangerously-skip-permissions accepts every tool use (a tool_decision event each, source config).
    t.toolDecisions = { accepted: toolRuns, rejected: 0 };
    const raw = async (query: string) =>
      (await vm.export(`${query}{user_id="${run.userId}"}`)).reduce((n, s) => n + (s.values.at(-1) ?? 0), 0);
    // Active time and request latency are measured by the CLI itself: bounded by the runs' wall time.
    t.activeTimeSeconds = await raw('claude_code_active_time_seconds_total');
    t.latencySumSeconds = await raw('claude_code_api_request_duration_seconds_sum');
    t.latencyCount = await raw('claude_code_api_request_duration_seconds_count');
    expect(t.activeTimeSeconds).toBeGreaterThan(0);
    expect(t.activeTimeSeconds).toBeLessThanOrEqual(run.wallSeconds);
    expect(t.latencySumSeconds).toBeLessThanOrEqual(run.wallSeconds);
    expect(t.latencyCount).toBe(ok.length);
    const span = activitySpan(await vm.export(`{user_id="${run.userId}"}`), window);
    if (span === null) throw new Error(`${c.title}: nothing in the window`);
    Object.assign(t, span);
    t.code = { linesAdded: null, linesRemoved: null, commits: null, pullRequests: null };
    return t;
  }

  const api = () => createStatsApi({ backend: new Backend({ url: vm.url }), now: () => end });
  const window = () => ({ start: end - 86_400, end });
  const get = async (path: string) => {
    const response = await api().request(path);
    return { status: response.status, body: await response.json() };
  };

  it.each(cases.filter((c) => c.env?.OTEL_METRICS_INCLUDE_SESSION_ID !== 'false'))(
    'answers the session view exactly: $title',
    async (c) => {
      const t = await tally(c, window());
      expect(await get(`/api/stats/session/${t.id}?window=24h`)).toEqual({
        status: 200,
        body: expectedSession(t, { source: 'claude-code', window: window() }),
      });
    },
  );

  it.each(cases)('answers the user view exactly: $title', async (c) => {
    const t = await tally(c, window());
    const withoutSessions = c.env?.OTEL_METRICS_INCLUDE_SESSION_ID === 'false';
    expect(await get(`/api/stats/user/${t.userId}?window=24h`)).toEqual({
      status: 200,
      body: expectedPeople([t], 'user', t.userId, 10, {
        source: 'claude-code',
        window: window(),
        withoutSessions,
      }),
    });
  });

  it("answers the organization view exactly for an administrator's organization.id", async () => {
    const c = cases[1] as Case;
    const t = await tally(c, window());
    expect(await get('/api/stats/org/acme?window=24h')).toEqual({
      status: 200,
      body: expectedPeople([t], 'organization', 'acme', 10, { source: 'claude-code', window: window() }),
    });
  });

  it.each(['department', 'team.id', 'user.email'])(
    "breaks the organization down by the administrator's %s",
    async (by) => {
      const c = cases[1] as Case;
      const t = await tally(c, window());
      const expected = expectedPeople([t], 'organization', 'acme', 10, {
        source: 'claude-code',
        window: window(),
      });
      const response = await get(`/api/stats/org/acme?window=24h&by=${by}`);
      expect(response).toEqual({
        status: 200,
        body: {
          ...expected,
          breakdown: {
            by,
            groups: [
              {
                value: c.resourceAttributes?.[by],
                costUsd: expected.totals.costUsd,
                tokens: expected.totals.tokens,
                apiRequests: expected.totals.apiRequests,
                sessions: 1,
              },
            ],
          },
        },
      });
    },
  );
});
