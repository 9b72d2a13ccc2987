// Usage and cost of AI/API features instrumented with the SDK: by organization, user, session and model.
import { metrics } from '@meterline/sdk';
import {
  type Panel,
  PEOPLE_FILTER,
  perSession,
  type Section,
  sessionQuantile,
  statPanel,
  tablePanel,
  timeseriesPanel,
} from './common.ts';

const { usage } = metrics;
const f = PEOPLE_FILTER;

function totals(): Panel[] {
  return [
    statPanel({
      title: 'Cost',
      description: 'Total cost in the dashboard time range.',
      unit: 'currencyUSD',
      queries: [{ expr: perSession(usage.cost, f, [], '$__range') }],
    }),
    statPanel({
      title: 'Tokens',
      description: 'Tokens of every type in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(usage.tokens, f, [], '$__range') }],
    }),
    statPanel({
      title: 'Requests',
      description: 'Model and API requests in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(usage.requests, f, [], '$__range') }],
    }),
    statPanel({
      title: 'Active time',
      description: 'Active time in sessions in the time range.',
      unit: 's',
      queries: [{ expr: perSession(usage.activeTime, f, [], '$__range') }],
    }),
  ];
}

function trends(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Cost by model',
      description: 'Cost per rate interval, by model.',
      unit: 'currencyUSD',
      queries: [{ expr: perSession(usage.cost, f, ['model']), legend: '{{model}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Tokens by type',
      description: 'Tokens per rate interval: input, output, cache read, cache creation.',
      unit: 'short',
      queries: [{ expr: perSession(usage.tokens, f, ['token_type']), legend: '{{token_type}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Requests by model and outcome',
      description: 'Requests per rate interval, by model and outcome.',
      unit: 'short',
      queries: [
        { expr: perSession(usage.requests, f, ['model', 'outcome']), legend: '{{model}} {{outcome}}' },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Request latency',
      description: 'Median and 95th percentile request duration, by model.',
      unit: 's',
      queries: [
        { expr: sessionQuantile(usage.requestDuration, 0.5, f, ['model']), legend: 'p50 {{model}}' },
        { expr: sessionQuantile(usage.requestDuration, 0.95, f, ['model']), legend: 'p95 {{model}}' },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Prompts',
      description: 'Prompts per rate interval.',
      unit: 'short',
      queries: [{ expr: perSession(usage.prompts, f), legend: 'prompts' }],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Tool executions',
      description: 'Tool executions per rate interval, by tool and outcome.',
      unit: 'short',
      queries: [
        {
          expr: perSession(usage.toolExecutions, f, ['tool_name', 'outcome']),
          legend: '{{tool_name}} {{outcome}}',
        },
      ],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Tool success ratio',
      description: 'Share of tool executions that succeeded.',
      unit: 'percentunit',
      queries: [
        {
          expr: `${perSession(usage.toolExecutions, `${f}, outcome="success"`)} / ${perSession(usage.toolExecutions, f)}`,
          legend: 'success',
        },
      ],
      width: 12,
    }),
  ];
}

function leaders(): Panel[] {
  return [
    tablePanel({
      title: 'Top users by cost',
      description: 'The ten users with the highest cost in the time range.',
      unit: 'currencyUSD',
      queries: [
        { expr: `topk(10, ${perSession(usage.cost, f, ['organization_id', 'user_id'], '$__range')})` },
      ],
    }),
    tablePanel({
      title: 'Top sessions by cost',
      description: 'The ten sessions with the highest cost in the time range.',
      unit: 'currencyUSD',
      queries: [{ expr: `topk(10, ${perSession(usage.cost, f, ['session_id', 'user_id'], '$__range')})` }],
    }),
  ];
}

export function usageSections(): Section[] {
  return [
    { title: 'Totals', panels: totals() },
    { title: 'Trends', panels: trends() },
    { title: 'Leaders', panels: leaders() },
  ];
}
