export { type EventuallyOptions, eventually, outputTail, untilReady } from '@meterline/stack/processes';
export { findChromium, launchChromium } from './browser.ts';
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
export { type ClaudeCodeClient, claudeCodeClient } from './clients/claude-code-client.ts';
export { PYTHON, PYTHON_CLIENT_SCRIPT } from './clients/python-client.ts';
export { Collector, type CollectorOptions, findCollector } from './collector.ts';
export { type DockerfileStage, dockerfileStages, replayStage } from './deploy/dockerfile.ts';
export {
  type CollectorConfig,
  type ComposeFile,
  type ComposeService,
  collectorProblems,
  composeProblems,
  consistencyProblems,
  endpoint,
  envDefault,
  resolvedComposeService,
  type StackFacts,
} from './deploy/stack-checks.ts';
export {
  type ClaudeCodeEvent,
  claudeCodeIdentity,
  claudeCodeImportLines,
  claudeCodeIncrements,
  claudeCodeScenario,
  claudeCodeTallies,
  type FixtureOptions,
  generatedClaudeCodeEvents,
  type ImportLine,
} from './fixtures/claude-code-fixture.ts';
export {
  activitySpan,
  type Expectation,
  emptyTally,
  expectedPeople,
  expectedSession,
  type SessionTally,
  type TokenKey,
} from './fixtures/ground-truth.ts';
export { type Recording, recordSdkUsage, SDK_PHASES, tallySdkUsage } from './fixtures/sdk-workload.ts';
export { freePort } from './free-port.ts';
export { Jaeger, type JaegerSpan, type JaegerTrace } from './jaeger.ts';
export { freeLocalStackPorts } from './local-stack-ports.ts';
export { findPrometheus, Prometheus } from './prometheus.ts';
export { memoryMeterline } from './sdk/meterline.ts';
export { pointsOf, valuesOf } from './sdk/points.ts';
export { decodeWriteRequest, encodeWriteRequestWithProtobufjs } from './sdk/prompb.ts';
export { collectGarbage, sessionChurn } from './sdk/session-churn.ts';
export { type LogRecord, VictoriaLogs } from './victoria-logs.ts';
export { type ExportedSeries, findVictoriaMetrics, VictoriaMetrics } from './victoria-metrics.ts';
