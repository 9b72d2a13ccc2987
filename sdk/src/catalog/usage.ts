import { MODEL_CALL_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

const source = 'meterline';

/**
 * Identity attributes of the usage views. Every usage series carries `session.id`, so each session costs
 * series of its own: the catalog's series budget per session (docs/metrics.md) counts them.
 */
export const IDENTITY_ATTRIBUTES = ['session.id', 'user.id', 'organization.id'] as const;
/** The attribute that ties a series to one session: ending a session frees the cells that carry it. */
export const SESSION_ID = IDENTITY_ATTRIBUTES[0];

/** The token types `token.type` takes. */
export const TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_creation'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** AI and API usage and cost, per session, user and organization. */
export const usage = {
  cost: defineMetric({
    name: 'usage.cost',
    kind: 'counter',
    unit: 'USD',
    description: 'Cost of model and API requests in US dollars, by model.',
    attributes: [...IDENTITY_ATTRIBUTES, 'model'],
    source,
  }),
  tokens: defineMetric({
    name: 'usage.tokens',
    kind: 'counter',
    unit: '{token}',
    description: 'Tokens used, by type (input, output, cache_read, cache_creation) and model.',
    attributes: [...IDENTITY_ATTRIBUTES, 'model', 'token.type'],
    source,
  }),
  requests: defineMetric({
    name: 'usage.requests',
    kind: 'counter',
    unit: '{request}',
    description: 'Model and API requests, by model and outcome (success, error).',
    attributes: [...IDENTITY_ATTRIBUTES, 'model', 'outcome'],
    source,
  }),
  requestDuration: defineMetric({
    name: 'usage.request.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Duration of model and API requests, by model and outcome.',
    attributes: [...IDENTITY_ATTRIBUTES, 'model', 'outcome'],
    boundaries: MODEL_CALL_SECONDS,
    source,
  }),
  prompts: defineMetric({
    name: 'usage.prompts',
    kind: 'counter',
    unit: '{prompt}',
    description: 'Prompts submitted by users.',
    attributes: [...IDENTITY_ATTRIBUTES],
    source,
  }),
  toolExecutions: defineMetric({
    name: 'usage.tool_executions',
    kind: 'counter',
    unit: '{execution}',
    description: 'Tool executions, by tool name and outcome (success, failure).',
    attributes: [...IDENTITY_ATTRIBUTES, 'tool.name', 'outcome'],
    source,
  }),
  activeTime: defineMetric({
    name: 'usage.active_time',
    kind: 'counter',
    unit: 's',
    description: 'Time users and the service were actively working in a session.',
    attributes: [...IDENTITY_ATTRIBUTES],
    source,
  }),
  // A session's bounds as values, not as export times: a session shorter than one export interval is
  // exported once, so its samples alone cannot tell when it started or ended.
  sessionStartTime: defineMetric({
    name: 'usage.session.start_time',
    kind: 'gauge',
    unit: 's',
    description: 'When the session started, in Unix seconds (startSession sets it).',
    attributes: [...IDENTITY_ATTRIBUTES],
    source,
  }),
  sessionEndTime: defineMetric({
    name: 'usage.session.end_time',
    kind: 'gauge',
    unit: 's',
    description: 'When the session ended, in Unix seconds (set once, when startSession ends it).',
    attributes: [...IDENTITY_ATTRIBUTES],
    source,
  }),
};
