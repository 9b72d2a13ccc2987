// Usage and cost of AI/API features instrumented with the SDK: by organization, user, session and model.
import { requestErrorLabel, USAGE_SOURCES, usageLabels } from '@meterline/sdk';
import { type Panel, PEOPLE_FILTER, perSession, type Section, statPanel, timeseriesPanel } from './common.ts';
import {
  activeTimeStat,
  costByModel,
  costStat,
  requestLatency,
  tokensByType,
  tokensStat,
  toolSuccessRatio,
  topSessionsByCost,
  topUsersByCost,
} from './usage-panels.ts';

const source = USAGE_SOURCES.sdk;
const usage = source.measures;
const labels = usageLabels(source);
// The SDK counts failed requests as a value of the requests' outcome.
const failure = requestErrorLabel(source)?.label ?? '';
const f = PEOPLE_FILTER;

function totals(): Panel[] {
  return [
    costStat(source, f),
    tokensStat(source, f),
    statPanel({
      title: 'Requests',
      description: 'Model and API requests in the time range.',
      unit: 'short',
      queries: [{ expr: perSession(usage.requests, f, [], '$__range') }],
    }),
    activeTimeStat(source, f),
  ];
}

function trends(): Panel[] {
  return [
    costByModel(source, f),
    tokensByType(source, f),
    timeseriesPanel({
      title: 'Requests by model and outcome',
      description: 'Requests per rate interval, by model and outcome.',
      unit: 'short',
      queries: [
        {
          expr: perSession(usage.requests, f, [labels.model, failure]),
          legend: `{{${labels.model}}} {{${failure}}}`,
        },
      ],
      width: 8,
    }),
    requestLatency(source, f),
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
          expr: perSession(usage.tools, f, [labels.tool, labels.toolOutcome]),
          legend: `{{${labels.tool}}} {{${labels.toolOutcome}}}`,
        },
      ],
      width: 12,
    }),
    toolSuccessRatio(source, f),
  ];
}

export function usageSections(): Section[] {
  return [
    { title: 'Totals', panels: totals() },
    { title: 'Trends', panels: trends() },
    { title: 'Leaders', panels: [topUsersByCost(source, f), topSessionsByCost(source, f)] },
  ];
}
