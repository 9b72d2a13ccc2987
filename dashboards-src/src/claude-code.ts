// Claude Code: its own metrics (under both names they arrive with) and those the stack's collector
// derives from its events.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  type MetricDefinition,
  metrics,
  sanitizeLabelName,
  USAGE_SOURCES,
  usageLabels,
} from '@meterline/sdk';
import {
  byVariable,
  type Filter,
  labelVariable,
  type Panel,
  PEOPLE_FILTER,
  perSession,
  type Section,
  select,
  statPanel,
  tablePanel,
  timeseriesPanel,
  withPeopleVariables,
} from './common.ts';
import {
  activeTimeStat,
  costByModel,
  costStat,
  requestLatency,
  tokensByType,
  tokensStat,
  toolSuccessRatio,
} from './usage-panels.ts';

const { claudeCode, claudeCodeEvents } = metrics;
const source = USAGE_SOURCES['claude-code'];
const { session, user: userId, userEmail: email, model, decision } = usageLabels(source);
const [department, team] = ['department', 'team.id'].map(sanitizeLabelName) as [string, string];

/** Organization, user, and the team attributes an administrator sets (absent labels match "All"). */
export const CLAUDE_CODE_FILTER: Filter = [
  ...PEOPLE_FILTER,
  byVariable(department, 'department'),
  byVariable(team, 'team'),
];
const f = CLAUDE_CODE_FILTER;

/** The people variables, then department and team, read from Claude Code's cost series. */
export function withClaudeCodeVariables(builder: dashboard.DashboardBuilder): dashboard.DashboardBuilder {
  return withPeopleVariables(builder, claudeCode.cost)
    .withVariable(labelVariable('department', 'Department', department, claudeCode.cost, PEOPLE_FILTER))
    .withVariable(
      labelVariable('team', 'Team', team, claudeCode.cost, [
        ...PEOPLE_FILTER,
        byVariable(department, 'department'),
      ]),
    );
}

/** Distinct session ids with a change of `definition` over `window`: sessions, not process starts. */
function sessions(definition: MetricDefinition, window: '$__range' | '$__rate_interval'): string {
  return `count(count by (${session}) (increase_pure(${select(definition, [...f, { label: session, op: '!=', value: '' }])}[${window}]) > 0))`;
}

function totals(): Panel[] {
  return [
    costStat(source, f, 4),
    tokensStat(source, f, 4),
    activeTimeStat(source, f, 4),
    statPanel({
      title: 'Sessions',
      description:
        'Distinct sessions that started or resumed in the time range (session.count counts every --resume again; this does not).',
      unit: 'short',
      queries: [{ expr: sessions(claudeCode.sessionCount, '$__range') }],
      width: 4,
    }),
    statPanel({
      title: 'Commits',
      description: 'Commits Claude Code created in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.commits, f, [], '$__range') }],
      width: 4,
    }),
    statPanel({
      title: 'Pull requests',
      description: 'Pull requests Claude Code created in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.pullRequests, f, [], '$__range') }],
      width: 4,
    }),
  ];
}

function trends(): Panel[] {
  return [
    costByModel(source, f),
    tokensByType(source, f),
    timeseriesPanel({
      title: 'Lines of code',
      description: 'Lines added and removed per rate interval.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.linesOfCode, f, ['type']), legend: '{{type}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Edit decisions',
      description: 'Code-edit tool permission decisions per rate interval, by decision.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.editDecisions, f, ['decision']), legend: '{{decision}}' }],
      width: 12,
    }),
  ];
}

function people(): Panel[] {
  const byUser = [userId, email];
  return [
    tablePanel({
      title: 'Cost by user',
      description:
        'Cost in the time range per user.id (a machine hash for API-key users) and user.email when sent.',
      unit: 'currencyUSD',
      queries: [{ expr: perSession(claudeCode.cost, f, byUser, '$__range') }],
    }),
    tablePanel({
      title: 'Tokens by user',
      description: 'Tokens of every type in the time range, per user.id and user.email.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.tokens, f, byUser, '$__range') }],
    }),
    timeseriesPanel({
      title: 'Cost by query source',
      description: 'Cost per rate interval: main conversation or auxiliary calls (titles, summaries).',
      unit: 'currencyUSD',
      queries: [{ expr: perSession(claudeCode.cost, f, ['query_source']), legend: '{{query_source}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Cost by team',
      description: 'Cost per rate interval by the department and team.id an administrator sets.',
      unit: 'currencyUSD',
      queries: [
        { expr: perSession(claudeCode.cost, f, [department, team]), legend: `{{${department}}} {{${team}}}` },
      ],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Sessions per day',
      description: 'Distinct sessions with usage in each day.',
      unit: 'short',
      queries: [{ expr: sessions(claudeCode.cost, '$__rate_interval'), legend: 'sessions' }],
      width: 24,
      interval: '1d',
    }),
  ];
}

function outcomes(): Panel[] {
  const decisions = claudeCodeEvents.toolDecisions;
  return [
    timeseriesPanel({
      title: 'API errors by status code',
      description: 'Requests that failed after their retries, per rate interval (from api_error events).',
      unit: 'short',
      queries: [
        { expr: perSession(claudeCodeEvents.apiErrors, f, ['status_code']), legend: '{{status_code}}' },
      ],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Tool acceptance rate',
      description:
        'Share of tool permission decisions that accepted the tool use (from tool_decision events).',
      unit: 'percentunit',
      queries: [
        {
          expr: `${perSession(decisions, [...f, { label: decision, value: 'accept' }])} / ${perSession(decisions, f)}`,
          legend: 'accepted',
        },
      ],
      width: 12,
    }),
  ];
}

function events(): Panel[] {
  return [
    timeseriesPanel({
      title: 'API requests by model',
      description: 'Claude Code API requests per rate interval (from api_request events).',
      unit: 'short',
      queries: [{ expr: perSession(source.measures.requests, f, [model]), legend: `{{${model}}}` }],
      width: 8,
    }),
    requestLatency(source, f),
    toolSuccessRatio(source, f, 8),
  ];
}

export function claudeCodeSections(): Section[] {
  return [
    { title: 'Totals', panels: totals() },
    { title: 'Usage', panels: trends() },
    { title: 'Who', panels: people() },
    { title: 'From events', panels: events() },
    { title: 'Errors and decisions', panels: outcomes() },
  ];
}
