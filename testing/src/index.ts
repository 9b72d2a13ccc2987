export { type EventuallyOptions, eventually, outputTail, untilReady } from '@meterline/stack/processes';
export { lastValues, recordEveryInstrument } from './catalog-workload.ts';
export {
  CLAUDE_CODE_VERSION,
  type ClaudeCodeResult,
  ClaudeCodeUser,
  installClaudeCode,
} from './claude-code/claude-code-cli.ts';
export { type Answer, FakeAnthropic, type Usage } from './claude-code/fake-anthropic.ts';
export {
  CLAUDE_CODE_PAYLOADS,
  type ClaudeCodePayload,
  claudeCodePayload,
  replayClaudeCodePayload,
} from './claude-code/payloads.ts';
export { ProxySink } from './claude-code/proxy-sink.ts';
export { Collector, type CollectorOptions, findCollector } from './collector.ts';
export { freePort } from './free-port.ts';
export { findPrometheus, Prometheus } from './prometheus.ts';
export { type ExportedSeries, findVictoriaMetrics, VictoriaMetrics } from './victoria-metrics.ts';
