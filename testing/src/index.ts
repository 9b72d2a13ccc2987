export { type EventuallyOptions, eventually } from './eventually.ts';
export { type ExportedSeries, findVictoriaMetrics, VictoriaMetrics } from './victoria-metrics.ts';
