import { defineMetric } from './define-metric.ts';

// Claude Code's own telemetry, declared in the catalog format so the stats API and dashboards use it by
// reference. Claude Code sends its count metrics without a unit, which is why the collector names them
// `claude_code_session_count_total` and `claude_code_code_edit_tool_decision_total`.
const source = 'claude-code';

/** Attributes Claude Code puts on every data point (not on the resource). */
export const CLAUDE_CODE_STANDARD_ATTRIBUTES = [
  'session.id',
  'user.id',
  'organization.id',
  'user.email',
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
    description: 'Claude Code sessions started.',
    attributes,
    source,
  }),
  linesOfCode: defineMetric({
    name: 'claude_code.lines_of_code.count',
    kind: 'counter',
    unit: '',
    description: 'Lines of code modified by Claude Code, by type (added, removed).',
    attributes: [...attributes, 'type'],
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
    description: 'Cost of the Claude Code session in US dollars, by model and query source.',
    attributes: [...attributes, 'model', 'query_source'],
    source,
  }),
  tokens: defineMetric({
    name: 'claude_code.token.usage',
    kind: 'counter',
    unit: 'tokens',
    description: 'Tokens used by Claude Code, by type (input, output, cacheRead, cacheCreation) and model.',
    attributes: [...attributes, 'type', 'model', 'query_source'],
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
