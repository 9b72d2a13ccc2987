import { defineMetric } from './define-metric.ts';

// The stack's own components, declared so that the stack-health dashboard names their series from the
// catalog like everything else. Names are the components' own; toPrometheusName turns them into the
// series they expose (the collector's internal telemetry, VictoriaMetrics' /metrics).

/** The OpenTelemetry Collector's internal metrics (telemetry level "normal"). */
export const collector = {
  receiverAccepted: defineMetric({
    name: 'otelcol_receiver_accepted_metric_points',
    kind: 'counter',
    unit: '{datapoints}',
    description: 'Metric points the collector receivers accepted, by receiver.',
    attributes: ['receiver', 'transport'],
    source: 'collector',
  }),
  receiverRefused: defineMetric({
    name: 'otelcol_receiver_refused_metric_points',
    kind: 'counter',
    unit: '{datapoints}',
    description: 'Metric points the collector receivers refused (memory limiter, bad data), by receiver.',
    attributes: ['receiver', 'transport'],
    source: 'collector',
  }),
  exporterSent: defineMetric({
    name: 'otelcol_exporter_sent_metric_points',
    kind: 'counter',
    unit: '{datapoints}',
    description: 'Metric points the collector exporters delivered, by exporter.',
    attributes: ['exporter'],
    source: 'collector',
  }),
  exporterFailed: defineMetric({
    name: 'otelcol_exporter_send_failed_metric_points',
    kind: 'counter',
    unit: '{datapoints}',
    description: 'Metric points the collector exporters failed to deliver, by exporter.',
    attributes: ['exporter'],
    source: 'collector',
  }),
  queueSize: defineMetric({
    name: 'otelcol_exporter_queue_size',
    kind: 'gauge',
    unit: '{batches}',
    description: 'Batches waiting in an exporter sending queue.',
    attributes: ['exporter'],
    source: 'collector',
  }),
  queueCapacity: defineMetric({
    name: 'otelcol_exporter_queue_capacity',
    kind: 'gauge',
    unit: '{batches}',
    description: 'Capacity of an exporter sending queue.',
    attributes: ['exporter'],
    source: 'collector',
  }),
};

/** VictoriaMetrics single-node's own metrics (its /metrics endpoint). */
export const victoriaMetrics = {
  rowsInserted: defineMetric({
    name: 'vm_rows_inserted',
    kind: 'counter',
    unit: '',
    description: 'Samples ingested, by ingestion protocol.',
    attributes: ['type'],
    source: 'victoriametrics',
  }),
  slowRowInserts: defineMetric({
    name: 'vm_slow_row_inserts',
    kind: 'counter',
    unit: '',
    description: 'Samples whose series was not in the cache on insert (a high share slows ingestion).',
    attributes: [],
    source: 'victoriametrics',
  }),
  cacheEntries: defineMetric({
    name: 'vm_cache_entries',
    kind: 'gauge',
    unit: '',
    description:
      'Entries per cache; type="storage/hour_metric_ids" counts the series active in the current hour.',
    attributes: ['type'],
    source: 'victoriametrics',
  }),
  dataSize: defineMetric({
    name: 'vm_data_size_bytes',
    kind: 'gauge',
    unit: '',
    description: 'Bytes on disk, by data type.',
    attributes: ['type'],
    source: 'victoriametrics',
  }),
};
