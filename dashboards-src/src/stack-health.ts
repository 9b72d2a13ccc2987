// The stack itself: the collector, VictoriaMetrics, the stats API and the SDK's exporters.
import { metrics } from '@meterline/sdk';
import {
  type Filter,
  level,
  type Panel,
  quantile,
  rate,
  type Section,
  select,
  timeseriesPanel,
} from './common.ts';

const { collector, victoriaMetrics: vm, httpServer, exporter } = metrics;
const api: Filter = [{ label: 'job', value: 'meterline/stats-api' }];

function collectorPanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Points accepted and refused',
      description: 'Metric points per second the collector receivers accepted and refused.',
      unit: 'short',
      queries: [
        { expr: rate(collector.receiverAccepted, [], ['receiver']), legend: 'accepted {{receiver}}' },
        { expr: rate(collector.receiverRefused, [], ['receiver']), legend: 'refused {{receiver}}' },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Points sent and failed',
      description: 'Metric points per second the collector exporters sent and failed to send.',
      unit: 'short',
      queries: [
        { expr: rate(collector.exporterSent, [], ['exporter']), legend: 'sent {{exporter}}' },
        {
          // The collector reports failures only once one happens: show 0 per exporter until then.
          expr: `${rate(collector.exporterFailed, [], ['exporter'])} or (${rate(collector.exporterSent, [], ['exporter'])} * 0)`,
          legend: 'failed {{exporter}}',
        },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Exporter queue',
      description: 'Batches in each exporter queue against its capacity.',
      unit: 'short',
      queries: [
        { expr: level(collector.queueSize, [], ['exporter'], 'max'), legend: 'size {{exporter}}' },
        { expr: level(collector.queueCapacity, [], ['exporter'], 'max'), legend: 'capacity {{exporter}}' },
      ],
      width: 8,
    }),
  ];
}

function victoriaMetricsPanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Ingestion rate',
      description: 'Samples per second ingested, by protocol.',
      unit: 'short',
      queries: [{ expr: rate(vm.rowsInserted, [], ['type']), legend: '{{type}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Active series',
      description: 'Series that received samples in the current hour.',
      unit: 'short',
      queries: [
        {
          expr: level(vm.cacheEntries, [{ label: 'type', value: 'storage/hour_metric_ids' }], [], 'max'),
          legend: 'active series',
        },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Slow inserts',
      description: 'Share of samples whose series was not cached on insert; above a few percent, add memory.',
      unit: 'percentunit',
      queries: [{ expr: `${rate(vm.slowRowInserts)} / ${rate(vm.rowsInserted)}`, legend: 'slow inserts' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Disk use',
      description: 'Bytes on disk.',
      unit: 'bytes',
      queries: [{ expr: `sum (${select(vm.dataSize)})`, legend: 'data' }],
      width: 6,
    }),
  ];
}

function statsApiPanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Stats API requests',
      description: 'Requests per second, by route.',
      unit: 'reqps',
      queries: [
        { expr: rate(httpServer.requestDuration, api, ['http_route'], '_count'), legend: '{{http_route}}' },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Stats API errors',
      description: 'Share of requests answered with a 4xx or 5xx status, by route.',
      unit: 'percentunit',
      queries: [
        {
          expr: `${rate(httpServer.requestDuration, [...api, { label: 'http_response_status_code', op: '=~', value: '4..|5..' }], ['http_route'], '_count')} / ${rate(httpServer.requestDuration, api, ['http_route'], '_count')}`,
          legend: '{{http_route}}',
        },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Stats API latency p95',
      description: '95th percentile request duration, by route.',
      unit: 's',
      queries: [
        { expr: quantile(httpServer.requestDuration, 0.95, api, ['http_route']), legend: '{{http_route}}' },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'Stats API cache hits',
      description:
        'Share of views answered 200 from the answer cache or shared with an identical request in flight (--cache-ttl-ms), by route.',
      unit: 'percentunit',
      queries: [
        {
          expr: `${rate(httpServer.requestDuration, [...api, { label: 'meterline_cache_result', value: 'hit' }], ['http_route'], '_count')} / ${rate(httpServer.requestDuration, [...api, { label: 'meterline_cache_result', op: '!=', value: '' }], ['http_route'], '_count')}`,
          legend: '{{http_route}}',
        },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'SDK export',
      description: 'Samples the SDK exporters sent, retried and dropped per second, by service.',
      unit: 'short',
      queries: [{ expr: rate(exporter.samples, [], ['job', 'outcome']), legend: '{{job}} {{outcome}}' }],
      width: 16,
    }),
  ];
}

export function stackHealthSections(): Section[] {
  return [
    { title: 'OpenTelemetry Collector', panels: collectorPanels() },
    { title: 'VictoriaMetrics', panels: victoriaMetricsPanels() },
    { title: 'Stats API and SDK exporters', panels: statsApiPanels() },
  ];
}
