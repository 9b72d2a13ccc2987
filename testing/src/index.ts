export { lastValues, recordEveryInstrument } from './catalog-workload.ts';
export { Collector, type CollectorOptions, findCollector } from './collector.ts';
export { type EventuallyOptions, eventually } from './eventually.ts';
export { outputTail, untilReady } from './executable.ts';
export { freePort } from './free-port.ts';
export { findPrometheus, Prometheus } from './prometheus.ts';
export { type ExportedSeries, findVictoriaMetrics, VictoriaMetrics } from './victoria-metrics.ts';
