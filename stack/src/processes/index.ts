// Process supervision for the local stack, which the test harness (@meterline/testing) wraps with
// temporary folders, free ports and test settings.
export {
  BUILT_COLLECTOR,
  COLLECTOR_CONFIG,
  type CollectorOptions,
  type CollectorPorts,
  CollectorProcess,
  findCollector,
} from './collector-process.ts';
export { type EventuallyOptions, eventually } from './eventually.ts';
export { findExecutable, isExecutable, outputTail, terminate, untilReady } from './executable.ts';
export {
  BUILT_JAEGER,
  findJaeger,
  JAEGER_CONFIG,
  type JaegerOptions,
  type JaegerPorts,
  JaegerProcess,
} from './jaeger-process.ts';
export { type Launch, ServerProcess } from './server-process.ts';
export {
  BUILT_VICTORIA_LOGS,
  findVictoriaLogs,
  type VictoriaLogsOptions,
  VictoriaLogsProcess,
} from './victoria-logs-process.ts';
export {
  BUILT_VICTORIA_METRICS,
  findVictoriaMetrics,
  localVictoriaMetrics,
  SEARCH_LATENCY_OFFSET,
  type VictoriaMetricsOptions,
  VictoriaMetricsProcess,
  VMUI_DASHBOARDS,
} from './victoria-metrics-process.ts';
