import { MODEL_CALL_SECONDS } from './boundaries.ts';
import { CLAUDE_CODE_IDENTITY_ATTRIBUTES } from './claude-code.ts';
import { defineMetric } from './define-metric.ts';

// Metrics the stack's collector derives from Claude Code's log events (its signal_to_metrics connector),
// so a metrics-only back end can answer what Claude Code reports only as events. The connector in
// otel-collector-config.yaml is generated from these definitions (`npm run collector-config`), every
// identity attribute optional, since not every user sends each.
const source = 'claude-code';
const identity = CLAUDE_CODE_IDENTITY_ATTRIBUTES;

export const claudeCodeEvents = {
  apiRequests: defineMetric({
    name: 'claude_code.api.requests',
    kind: 'counter',
    unit: '{request}',
    description: 'Claude Code API requests (claude_code.api_request events), by model.',
    attributes: [...identity, 'model'],
    source,
  }),
  apiRequestDuration: defineMetric({
    name: 'claude_code.api.request.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of Claude Code API requests (duration_ms of claude_code.api_request events), by model.',
    attributes: [...identity, 'model'],
    boundaries: MODEL_CALL_SECONDS,
    source,
  }),
  apiErrors: defineMetric({
    name: 'claude_code.api.errors',
    kind: 'counter',
    unit: '{error}',
    description:
      'Failed Claude Code API requests (claude_code.api_error events, one per request that failed after its retries), by model and status code.',
    attributes: [...identity, 'model', 'status_code'],
    source,
  }),
  prompts: defineMetric({
    name: 'claude_code.prompts',
    kind: 'counter',
    unit: '{prompt}',
    description: 'Prompts submitted to Claude Code (claude_code.user_prompt events).',
    attributes: [...identity],
    source,
  }),
  toolResults: defineMetric({
    name: 'claude_code.tool_results',
    kind: 'counter',
    unit: '{result}',
    description:
      'Tool executions in Claude Code (claude_code.tool_result events), by tool and success ("true", "false").',
    attributes: [...identity, 'tool_name', 'success'],
    source,
  }),
  toolDecisions: defineMetric({
    name: 'claude_code.tool_decisions',
    kind: 'counter',
    unit: '{decision}',
    description:
      'Tool permission decisions in Claude Code (claude_code.tool_decision events), by tool, decision (accept, reject) and source.',
    attributes: [...identity, 'tool_name', 'decision', 'source'],
    source,
  }),
};
