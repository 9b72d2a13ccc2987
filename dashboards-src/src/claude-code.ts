// Claude Code: its own metrics (under both names they arrive with) and those the stack's collector
// derives from its events.
import { metrics } from '@meterline/sdk';
import {
  type Panel,
  PEOPLE_FILTER,
  perSession,
  type Section,
  sessionQuantile,
  statPanel,
  timeseriesPanel,
} from './common.ts';

const { claudeCode, claudeCodeEvents } = metrics;
const f = PEOPLE_FILTER;

function totals(): Panel[] {
  return [
    statPanel({
      title: 'Cost',
      description: 'Claude Code cost in the time range.',
      unit: 'currencyUSD',
      queries: [{ expr: perSession(claudeCode.cost, f, [], '$__range') }],
      width: 4,
    }),
    statPanel({
      title: 'Tokens',
      description: 'Tokens of every type in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.tokens, f, [], '$__range') }],
      width: 4,
    }),
    statPanel({
      title: 'Active time',
      description: 'User and CLI active time in the time range.',
      unit: 's',
      queries: [{ expr: perSession(claudeCode.activeTime, f, [], '$__range') }],
      width: 4,
    }),
    statPanel({
      title: 'Sessions',
      description: 'Claude Code sessions started in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.sessionCount, f, [], '$__range') }],
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
    timeseriesPanel({
      title: 'Cost by model',
      description: 'Cost per rate interval, by model.',
      unit: 'currencyUSD',
      queries: [{ expr: perSession(claudeCode.cost, f, ['model']), legend: '{{model}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Tokens by type',
      description: 'Tokens per rate interval: input, output, cacheRead, cacheCreation.',
      unit: 'short',
      queries: [{ expr: perSession(claudeCode.tokens, f, ['type']), legend: '{{type}}' }],
      width: 12,
    }),
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

function events(): Panel[] {
  return [
    timeseriesPanel({
      title: 'API requests by model',
      description: 'Claude Code API requests per rate interval (from api_request events).',
      unit: 'short',
      queries: [{ expr: perSession(claudeCodeEvents.apiRequests, f, ['model']), legend: '{{model}}' }],
      width: 8,
    }),
    timeseriesPanel({
      title: 'API latency',
      description: 'Median and 95th percentile API request duration (from api_request events).',
      unit: 's',
      queries: [
        { expr: sessionQuantile(claudeCodeEvents.apiRequestDuration, 0.5, f), legend: 'p50' },
        { expr: sessionQuantile(claudeCodeEvents.apiRequestDuration, 0.95, f), legend: 'p95' },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Tool success ratio',
      description: 'Share of tool results with success="true" (from tool_result events).',
      unit: 'percentunit',
      queries: [
        {
          expr: `${perSession(claudeCodeEvents.toolResults, `${f}, success="true"`)} / ${perSession(claudeCodeEvents.toolResults, f)}`,
          legend: 'success',
        },
      ],
      width: 8,
    }),
  ];
}

export function claudeCodeSections(): Section[] {
  return [
    { title: 'Totals', panels: totals() },
    { title: 'Usage', panels: trends() },
    { title: 'From events', panels: events() },
  ];
}
