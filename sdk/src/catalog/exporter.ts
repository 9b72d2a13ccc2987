import { REQUEST_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

const source = 'meterline';

/** The SDK's own exporters: what they sent, what failed and was retried, what they gave up. */
export const exporter = {
  samples: defineMetric({
    name: 'meterline.export.samples',
    kind: 'counter',
    unit: '{sample}',
    description:
      'Samples (remote write) or data points (OTLP) exported, by exporter and outcome (sent, failed and retried, dropped).',
    attributes: ['exporter', 'outcome'],
    source,
  }),
  duration: defineMetric({
    name: 'meterline.export.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Duration of export requests, by exporter and outcome.',
    attributes: ['exporter', 'outcome'],
    boundaries: REQUEST_SECONDS,
    source,
  }),
};
