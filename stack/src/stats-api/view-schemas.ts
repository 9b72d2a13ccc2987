// The views' answers, declared once: the views are typed by these schemas, the OpenAPI document is
// generated from them, and the tests parse real answers with them. Objects are strict, so a field the
// schema does not declare is an error in the tests and `additionalProperties: false` for clients.
import { z } from '@hono/zod-openapi';
import { TOKEN_KEYS } from '@meterline/sdk';
import { SOURCE_IDS, SOURCES } from './sources.ts';

const timestamp = z.iso.datetime();
const amount = z.number().nullable();
const source = z.enum(SOURCE_IDS);
const queryWindow = z.strictObject({ start: timestamp, end: timestamp });

const toolCounts = z
  .strictObject({ succeeded: z.number(), failed: z.number(), total: z.number() })
  .openapi('ToolCounts');
const decisionCounts = z
  .strictObject({ accepted: z.number(), rejected: z.number(), total: z.number() })
  .openapi('DecisionCounts', {
    description: "Tool permission decisions (Claude Code's tool_decision events); null for the SDK.",
  });
const apiErrors = amount.openapi({
  description:
    "Failed requests: the SDK's requests with outcome error; Claude Code's api_error events (one per request that failed after its retries).",
});

/** The usage a session view shares with the user and organization views. */
const usage = {
  costs: z.strictObject({ totalUsd: amount, byModel: z.record(z.string(), z.number()).nullable() }),
  tokens: z.strictObject({
    total: amount,
    byType: z.strictObject(Object.fromEntries(TOKEN_KEYS.map((key) => [key, z.number()]))).nullable(),
  }),
  performance: z.strictObject({ averageApiLatencySeconds: amount }),
  tools: z.record(z.string(), toolCounts).nullable(),
  models: z.array(z.string()),
};

export const SessionView = z
  .strictObject({
    source,
    session: z.strictObject({
      id: z.string(),
      userId: z.string().nullable(),
      userEmail: z.string().nullable().openapi({
        description:
          'Claude Code sends it for claude.ai logins, or an administrator sets it; null otherwise.',
      }),
      organizationId: z.string().nullable().openapi({
        description: 'Null for a Claude Code API-key user, unless an administrator sets organization.id.',
      }),
    }),
    query: queryWindow,
    window: z.strictObject({ start: timestamp, end: timestamp, durationSeconds: z.number() }).openapi({
      description:
        "The session within the query window: from the start its source recorded (the SDK's startSession), else its first sample, to the end it recorded, else its last change; recorded bounds are clipped to the window. durationSeconds is end minus start, to the millisecond. Without recorded bounds (Claude Code) a session that starts and ends within one export interval has a single sample and lasts 0 s. A session counts only if one of its series changed in the window: totals re-sent unchanged are not activity.",
    }),
    ...usage,
    activity: z.strictObject({
      apiRequests: amount,
      apiErrors,
      prompts: amount,
      toolExecutions: toolCounts.nullable(),
      toolDecisions: decisionCounts.nullable(),
      activeTimeSeconds: amount,
    }),
    code: z
      .strictObject({ linesAdded: amount, linesRemoved: amount, commits: amount, pullRequests: amount })
      .optional()
      .openapi({ description: 'Claude Code sessions only.' }),
  })
  .openapi('SessionView');
export type SessionView = z.output<typeof SessionView>;

const averages = z.strictObject({
  costUsd: amount,
  tokens: amount,
  apiRequests: amount,
  prompts: amount,
  toolExecutions: amount,
  activeTimeSeconds: amount,
});

/** What the user and organization views share; `listed` is what each listed session adds. */
const peopleFields = {
  source,
  query: queryWindow,
  summary: z.strictObject({
    sessions: z.int().openapi({
      description:
        'Distinct session ids; 0 when the source sends none (OTEL_METRICS_INCLUDE_SESSION_ID=false).',
    }),
    firstSession: timestamp.openapi({
      description: 'The earliest start of a session in the window, as the sessions list would print it.',
    }),
    lastSession: timestamp.openapi({
      description: 'The last change of any series of the sessions in the window (an export time).',
    }),
    activeTimeSeconds: amount,
  }),
  totals: z.strictObject({
    costUsd: amount,
    tokens: amount,
    apiRequests: amount,
    apiErrors,
    prompts: amount,
    toolExecutions: amount,
  }),
  averagesPerSession: averages,
  breakdown: z
    .strictObject({
      by: z.enum([...new Set(Object.values(SOURCES).flatMap((spec) => spec.breakdowns))]),
      groups: z.array(
        z.strictObject({
          value: z.string().nullable(),
          costUsd: amount,
          tokens: amount,
          apiRequests: amount,
          sessions: z.int(),
        }),
      ),
    })
    .optional()
    .openapi({
      description:
        'Only with `by`: totals per value of the attribute, highest cost first; null is the group without it.',
    }),
  ...usage,
};
const listedSession = {
  id: z.string(),
  start: timestamp,
  end: timestamp,
  durationSeconds: z.number().openapi({
    description:
      'end minus start, to the millisecond. start and end are as the session view reports them: 0 for a session seen in a single export without recorded bounds.',
  }),
  costUsd: amount,
  tokens: amount,
  apiRequests: amount,
};

export const UserView = z
  .strictObject({
    ...peopleFields,
    user: z.strictObject({ id: z.string(), organizationIds: z.array(z.string()) }),
    sessions: z.array(z.strictObject(listedSession)),
  })
  .openapi('UserView');
export type UserView = z.output<typeof UserView>;

export const OrganizationView = z
  .strictObject({
    ...peopleFields,
    organization: z.strictObject({ id: z.string() }),
    summary: peopleFields.summary.extend({ users: z.int() }),
    averagesPerUser: averages,
    sessions: z.array(z.strictObject({ ...listedSession, userId: z.string().nullable() })),
  })
  .openapi('OrganizationView');
export type OrganizationView = z.output<typeof OrganizationView>;

export const Events = z
  .strictObject({
    scope: z.enum(['session', 'user', 'organization']),
    id: z.string(),
    events: z.array(
      z
        .strictObject({
          time: timestamp,
          name: z.string().openapi({ description: 'event.name: api_request, tool_result, user_prompt…' }),
          body: z.string().openapi({ description: 'The log record body (claude_code.api_request…).' }),
          attributes: z.record(z.string(), z.string()).openapi({
            description:
              'Every other attribute of the record and of its resource, as VictoriaLogs keeps them (cost_usd, input_tokens, duration_ms, model, tool_name, status_code, service.name…).',
          }),
        })
        .openapi('Event'),
    ),
    limit: z.int(),
    offset: z.int(),
    nextOffset: z.int().nullable().openapi({ description: 'offset of the next page; null on the last.' }),
  })
  .openapi('Events', { description: "A session's, user's or organization's events, newest first." });
