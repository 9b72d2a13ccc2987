import { defineMetric } from './define-metric.ts';

// Claude Code's own telemetry, declared in the catalog format so the stats API and dashboards use it by
// reference. Claude Code sends its count metrics without a unit, which is why the collector names them
// `claude_code_session_count_total` and `claude_code_code_edit_tool_decision_total`.
const source = 'claude-code';

/**
 * Team attributes an administrator sets through OTEL_RESOURCE_ATTRIBUTES (Anthropic's monitoring guide),
 * which Claude Code copies onto every data point and event: the stats API's `by` breakdowns.
 */
export const CLAUDE_CODE_TEAM_ATTRIBUTES = ['department', 'team.id', 'cost_center'] as const;

/**
 * Who did it, on every data point and event. Claude Code always sends `user.id` (a hash kept in the home
 * folder) and `session.id` (unless OTEL_METRICS_INCLUDE_SESSION_ID=false); `user.email`,
 * `user.account_uuid` and `organization.id` only for claude.ai logins, or when an administrator sets them
 * in OTEL_RESOURCE_ATTRIBUTES; an API-key user sends none of the three.
 */
export const CLAUDE_CODE_IDENTITY_ATTRIBUTES = [
  'session.id',
  'user.id',
  'user.email',
  'organization.id',
  ...CLAUDE_CODE_TEAM_ATTRIBUTES,
] as const;

/** Attributes Claude Code puts on every data point (not only on the resource). */
export const CLAUDE_CODE_STANDARD_ATTRIBUTES = [
  ...CLAUDE_CODE_IDENTITY_ATTRIBUTES,
  'user.account_uuid',
  'terminal.type',
  'app.version',
] as const;
const attributes = CLAUDE_CODE_STANDARD_ATTRIBUTES;

/** Claude Code's eight metrics (monotonic counters). */
export const claudeCode = {
  sessionCount: defineMetric({
    name: 'claude_code.session.count',
    kind: 'counter',
    unit: '',
    description:
      'Claude Code processes started for a session, by start type (fresh, resume): each --resume counts again.',
    attributes: [...attributes, 'start_type'],
    source,
  }),
  linesOfCode: defineMetric({
    name: 'claude_code.lines_of_code.count',
    kind: 'counter',
    unit: '',
    description: 'Lines of code modified by Claude Code, by type (added, removed) and model.',
    attributes: [...attributes, 'type', 'model'],
    source,
  }),
  pullRequests: defineMetric({
    name: 'claude_code.pull_request.count',
    kind: 'counter',
    unit: '',
    description: 'Pull requests created by Claude Code.',
    attributes,
    source,
  }),
  commits: defineMetric({
    name: 'claude_code.commit.count',
    kind: 'counter',
    unit: '',
    description: 'Git commits created by Claude Code.',
    attributes,
    source,
  }),
  cost: defineMetric({
    name: 'claude_code.cost.usage',
    kind: 'counter',
    unit: 'USD',
    description:
      'Cost of the Claude Code session in US dollars, by model, query source (main, auxiliary) and effort.',
    attributes: [...attributes, 'model', 'query_source', 'effort'],
    source,
  }),
  tokens: defineMetric({
    name: 'claude_code.token.usage',
    kind: 'counter',
    unit: 'tokens',
    description: 'Tokens used by Claude Code, by type (input, output, cacheRead, cacheCreation) and model.',
    attributes: [...attributes, 'type', 'model', 'query_source', 'effort'],
    source,
  }),
  editDecisions: defineMetric({
    name: 'claude_code.code_edit_tool.decision',
    kind: 'counter',
    unit: '',
    description: 'Decisions on code-edit tool permissions, by tool, decision (accept, reject) and language.',
    attributes: [...attributes, 'tool_name', 'decision', 'source', 'language'],
    source,
  }),
  activeTime: defineMetric({
    name: 'claude_code.active_time.total',
    kind: 'counter',
    unit: 's',
    description: 'Active time in Claude Code, by type (user, cli).',
    attributes: [...attributes, 'type'],
    source,
  }),
};
