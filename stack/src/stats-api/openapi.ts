// The stats API's OpenAPI 3.1 description, served at /api/openapi.json; a test checks it against the
// routes the app really serves and the fields the views really return.
import { DEFAULT_LIMIT, MAX_ID_LENGTH, MAX_LIMIT } from './params.ts';
import { SOURCE_IDS, SOURCES } from './sources.ts';

const nullableNumber = { type: ['number', 'null'] };
const timestamp = { type: 'string', format: 'date-time' };
const toolCounts = {
  type: ['object', 'null'],
  properties: { succeeded: { type: 'number' }, failed: { type: 'number' }, total: { type: 'number' } },
};
const numberMap = { type: ['object', 'null'], additionalProperties: { type: 'number' } };
const decisionCounts = {
  type: ['object', 'null'],
  description: "Tool permission decisions (Claude Code's tool_decision events); null for the SDK.",
  properties: { accepted: { type: 'number' }, rejected: { type: 'number' }, total: { type: 'number' } },
};
const apiErrors = {
  type: ['number', 'null'],
  description:
    "Failed requests: the SDK's requests with outcome error; Claude Code's api_error events (one per request that failed after its retries).",
};
const breakdownKeys = [...new Set(Object.values(SOURCES).flatMap((source) => source.breakdowns))];

const parameters = {
  id: {
    name: 'id',
    in: 'path',
    required: true,
    description: `Session, user or organization id (1–${MAX_ID_LENGTH} characters).`,
    schema: { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH },
  },
  window: {
    name: 'window',
    in: 'query',
    description:
      'all (default), 24h, 7d, 30d or any <n>s|m|h|d|w up to 10 years, ending now; not with start/end.',
    schema: { type: 'string' },
  },
  start: {
    name: 'start',
    in: 'query',
    description: 'Window start, RFC 3339 or Unix seconds.',
    schema: { type: 'string' },
  },
  end: {
    name: 'end',
    in: 'query',
    description: 'Window end, RFC 3339 or Unix seconds (default now).',
    schema: { type: 'string' },
  },
  source: {
    name: 'source',
    in: 'query',
    description: `auto (default: the first source with data), or one of ${SOURCE_IDS.join(', ')}.`,
    schema: { type: 'string', enum: ['auto', ...SOURCE_IDS] },
  },
  limit: {
    name: 'limit',
    in: 'query',
    description: `Most recent sessions listed (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}); totals always cover the whole window.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  },
  by: {
    name: 'by',
    in: 'query',
    description:
      'Break the totals down by this attribute: model for every source; user.email and the team attributes an administrator sets in OTEL_RESOURCE_ATTRIBUTES for Claude Code. `auto` then uses a source that has it.',
    schema: { type: 'string', enum: breakdownKeys },
  },
  cacheControl: {
    name: 'Cache-Control',
    in: 'header',
    description:
      'no-cache: compute a new answer rather than serve one kept from an identical request (`--cache-ttl-ms`).',
    schema: { type: 'string' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const errors = {
  '400': errorResponse('A parameter is invalid; error.parameter names it.'),
  '401': errorResponse('A bearer token is required.'),
  '403': errorResponse('The bearer token is not valid.'),
  '404': errorResponse('No data for this id in the window.'),
  '502': errorResponse(
    'The metrics back end rejected a query (`backend_unsupported`: it does not speak MetricsQL, as Prometheus does not).',
  ),
  '503': errorResponse('The metrics back end is unavailable.'),
  '504': errorResponse('The metrics back end did not answer in time.'),
};

const usage = {
  costs: { type: 'object', properties: { totalUsd: nullableNumber, byModel: numberMap } },
  tokens: { type: 'object', properties: { total: nullableNumber, byType: numberMap } },
  performance: { type: 'object', properties: { averageApiLatencySeconds: nullableNumber } },
  tools: { type: ['object', 'null'], additionalProperties: toolCounts },
  models: { type: 'array', items: { type: 'string' } },
};
const averages = {
  type: 'object',
  properties: Object.fromEntries(
    ['costUsd', 'tokens', 'apiRequests', 'prompts', 'toolExecutions', 'activeTimeSeconds'].map((k) => [
      k,
      nullableNumber,
    ]),
  ),
};
const queryWindow = { type: 'object', properties: { start: timestamp, end: timestamp } };

const peopleView = (kind: 'user' | 'organization') => ({
  type: 'object',
  properties: {
    source: { type: 'string', enum: [...SOURCE_IDS] },
    [kind]:
      kind === 'user'
        ? {
            type: 'object',
            properties: {
              id: { type: 'string' },
              organizationIds: { type: 'array', items: { type: 'string' } },
            },
          }
        : { type: 'object', properties: { id: { type: 'string' } } },
    query: queryWindow,
    summary: {
      type: 'object',
      properties: {
        sessions: {
          type: 'integer',
          description:
            'Distinct session ids; 0 when the source sends none (OTEL_METRICS_INCLUDE_SESSION_ID=false).',
        },
        ...(kind === 'organization' ? { users: { type: 'integer' } } : {}),
        firstSession: timestamp,
        lastSession: timestamp,
        activeTimeSeconds: nullableNumber,
      },
    },
    totals: {
      type: 'object',
      properties: {
        ...Object.fromEntries(
          ['costUsd', 'tokens', 'apiRequests', 'prompts', 'toolExecutions'].map((k) => [k, nullableNumber]),
        ),
        apiErrors,
      },
    },
    breakdown: {
      type: 'object',
      description:
        'Only with `by`: totals per value of the attribute, highest cost first; null is the group without it.',
      properties: {
        by: { type: 'string', enum: breakdownKeys },
        groups: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              value: { type: ['string', 'null'] },
              costUsd: nullableNumber,
              tokens: nullableNumber,
              apiRequests: nullableNumber,
              sessions: { type: 'integer' },
            },
          },
        },
      },
    },
    averagesPerSession: averages,
    ...(kind === 'organization' ? { averagesPerUser: averages } : {}),
    ...usage,
    sessions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          ...(kind === 'organization' ? { userId: { type: ['string', 'null'] } } : {}),
          start: timestamp,
          end: timestamp,
          durationSeconds: { type: 'number' },
          costUsd: nullableNumber,
          tokens: nullableNumber,
          apiRequests: nullableNumber,
        },
      },
    },
  },
});

const get = (operationId: string, summary: string, schema: string, params: (keyof typeof parameters)[]) => ({
  get: {
    operationId,
    summary,
    parameters: [...params, 'cacheControl' as const].map((name) => parameters[name]),
    responses: {
      '200': {
        description: 'The view.',
        headers: {
          Age: {
            description: 'Present when the answer was computed for an identical request: seconds since then.',
            schema: { type: 'integer', minimum: 0 },
          },
        },
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      },
      ...errors,
    },
  },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Meterline stats API',
    version: '0.1.0',
    description:
      'Session, user and organization usage from the metrics back end, for the Meterline SDK usage metrics and for Claude Code.',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  servers: [{ url: '/', description: 'The stats API that serves this document.' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              parameter: { type: 'string' },
            },
          },
        },
      },
      SessionView: {
        type: 'object',
        properties: {
          source: { type: 'string', enum: [...SOURCE_IDS] },
          session: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              userId: { type: ['string', 'null'] },
              userEmail: {
                type: ['string', 'null'],
                description:
                  'Claude Code sends it for claude.ai logins, or an administrator sets it; null otherwise.',
              },
              organizationId: {
                type: ['string', 'null'],
                description:
                  'Null for a Claude Code API-key user, unless an administrator sets organization.id.',
              },
            },
          },
          query: queryWindow,
          window: {
            type: 'object',
            description:
              "From the session's first sample to its last change within the query window. A session counts only if one of its counters changed in the window: totals re-sent unchanged are not activity.",
            properties: { start: timestamp, end: timestamp, durationSeconds: { type: 'number' } },
          },
          activity: {
            type: 'object',
            properties: {
              apiRequests: nullableNumber,
              apiErrors,
              prompts: nullableNumber,
              toolExecutions: toolCounts,
              toolDecisions: decisionCounts,
              activeTimeSeconds: nullableNumber,
            },
          },
          ...usage,
          code: {
            type: 'object',
            description: 'Claude Code sessions only.',
            properties: {
              linesAdded: nullableNumber,
              linesRemoved: nullableNumber,
              commits: nullableNumber,
              pullRequests: nullableNumber,
            },
          },
        },
      },
      UserView: peopleView('user'),
      OrganizationView: peopleView('organization'),
      Health: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['ok', 'degraded'] },
          backend: {
            type: 'object',
            properties: {
              url: { type: 'string' },
              up: { type: 'boolean' },
              latencyMillis: { type: 'number' },
              error: { type: 'string' },
            },
          },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/stats/session/{id}': get('getSession', 'Usage of one session.', 'SessionView', [
      'id',
      'window',
      'start',
      'end',
      'source',
    ]),
    '/api/stats/user/{id}': get('getUser', 'Usage of one user.', 'UserView', [
      'id',
      'window',
      'start',
      'end',
      'source',
      'limit',
      'by',
    ]),
    '/api/stats/org/{id}': get('getOrganization', 'Usage of one organization.', 'OrganizationView', [
      'id',
      'window',
      'start',
      'end',
      'source',
      'limit',
      'by',
    ]),
    '/api/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Health of the API and of its metrics back end.',
        security: [],
        responses: {
          '200': {
            description: 'Back end up.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
          },
          '503': {
            description: 'Back end down.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
          },
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document.',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1 document.' } },
      },
    },
  },
} as const;
