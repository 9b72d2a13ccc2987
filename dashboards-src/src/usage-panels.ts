// Panel factories both usage dashboards share (the SDK's usage instruments and Claude Code): each takes
// a usage source from the SDK catalog, so a source's metrics and labels are named in one place.
import { type UsageSource, usageLabels } from '@meterline/sdk';
import {
  type Filter,
  type Panel,
  perSession,
  sessionQuantile,
  statPanel,
  tablePanel,
  timeseriesPanel,
} from './common.ts';

export function costStat(source: UsageSource, filter: Filter, width?: number): Panel {
  return statPanel({
    title: 'Cost',
    description: 'Total cost in the dashboard time range.',
    unit: 'currencyUSD',
    queries: [{ expr: perSession(source.measures.cost, filter, [], '$__range') }],
    width,
  });
}

export function tokensStat(source: UsageSource, filter: Filter, width?: number): Panel {
  return statPanel({
    title: 'Tokens',
    description: 'Tokens of every type in the time range.',
    unit: 'short',
    queries: [{ expr: perSession(source.measures.tokens, filter, [], '$__range') }],
    width,
  });
}

export function activeTimeStat(source: UsageSource, filter: Filter, width?: number): Panel {
  return statPanel({
    title: 'Active time',
    description: 'Active time in sessions in the time range.',
    unit: 's',
    queries: [{ expr: perSession(source.measures.activeTime, filter, [], '$__range') }],
    width,
  });
}

export function costByModel(source: UsageSource, filter: Filter): Panel {
  const { model } = usageLabels(source);
  return timeseriesPanel({
    title: 'Cost by model',
    description: 'Cost per rate interval, by model.',
    unit: 'currencyUSD',
    queries: [{ expr: perSession(source.measures.cost, filter, [model]), legend: `{{${model}}}` }],
    width: 12,
  });
}

export function tokensByType(source: UsageSource, filter: Filter): Panel {
  const { tokenType } = usageLabels(source);
  return timeseriesPanel({
    title: 'Tokens by type',
    description: `Tokens per rate interval: ${Object.keys(source.tokenTypes).join(', ')}.`,
    unit: 'short',
    queries: [{ expr: perSession(source.measures.tokens, filter, [tokenType]), legend: `{{${tokenType}}}` }],
    width: 12,
  });
}

export function requestLatency(source: UsageSource, filter: Filter, width = 8): Panel {
  const { model } = usageLabels(source);
  const duration = source.measures.requestDuration;
  return timeseriesPanel({
    title: 'Request latency',
    description: `Median and 95th percentile request duration, by model (${duration.name}).`,
    unit: 's',
    queries: [
      { expr: sessionQuantile(duration, 0.5, filter, [model]), legend: `p50 {{${model}}}` },
      { expr: sessionQuantile(duration, 0.95, filter, [model]), legend: `p95 {{${model}}}` },
    ],
    width,
  });
}

export function toolSuccessRatio(source: UsageSource, filter: Filter, width = 12): Panel {
  const { toolOutcome } = usageLabels(source);
  const tools = source.measures.tools;
  return timeseriesPanel({
    title: 'Tool success ratio',
    description: `Share of tool executions with ${toolOutcome}="${source.toolSuccess}" (${tools.name}).`,
    unit: 'percentunit',
    queries: [
      {
        expr: `${perSession(tools, [...filter, { label: toolOutcome, value: source.toolSuccess }])} / ${perSession(tools, filter)}`,
        legend: 'success',
      },
    ],
    width,
  });
}

export function topUsersByCost(source: UsageSource, filter: Filter): Panel {
  const { organization, user } = usageLabels(source);
  return tablePanel({
    title: 'Top users by cost',
    description: 'The ten users with the highest cost in the time range.',
    unit: 'currencyUSD',
    queries: [
      { expr: `topk(10, ${perSession(source.measures.cost, filter, [organization, user], '$__range')})` },
    ],
  });
}

export function topSessionsByCost(source: UsageSource, filter: Filter): Panel {
  const { session, user } = usageLabels(source);
  return tablePanel({
    title: 'Top sessions by cost',
    description: 'The ten sessions with the highest cost in the time range.',
    unit: 'currencyUSD',
    queries: [{ expr: `topk(10, ${perSession(source.measures.cost, filter, [session, user], '$__range')})` }],
  });
}
