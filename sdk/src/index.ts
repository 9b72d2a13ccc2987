// The public API of @meterline/sdk, listed explicitly; everything else is internal.

export {
  LIFETIME_SECONDS,
  MESSAGE_BYTES,
  MODEL_CALL_SECONDS,
  REQUEST_SECONDS,
} from './catalog/boundaries.ts';
export {
  catalog,
  type MetricFamily,
  metrics,
  SERVICE_FAMILIES,
  type ServiceFamily,
} from './catalog/catalog.ts';
export {
  CLAUDE_CODE_IDENTITY_ATTRIBUTES,
  CLAUDE_CODE_STANDARD_ATTRIBUTES,
  CLAUDE_CODE_TEAM_ATTRIBUTES,
} from './catalog/claude-code.ts';
export {
  type Attributes,
  type AttributeValue,
  defineMetric,
  type MetricDefinition,
  MetricDefinitionError,
  type MetricDefinitionInput,
  type MetricSource,
} from './catalog/define-metric.ts';
export { TASK_OUTCOMES, type TaskOutcome } from './catalog/tasks.ts';
export { IDENTITY_ATTRIBUTES, TOKEN_TYPES, type TokenType } from './catalog/usage.ts';
export {
  requestErrorLabel,
  TOKEN_KEYS,
  type TokenKey,
  USAGE_SOURCE_IDS,
  USAGE_SOURCES,
  type UsageBound,
  type UsageExtra,
  type UsageKeys,
  type UsageMarker,
  type UsageMeasure,
  type UsageSource,
  type UsageSourceId,
  usageLabels,
} from './catalog/usage-sources.ts';
export type { ExporterName, MeterlineOptions, RemoteWriteSettings } from './config.ts';
export type { ExportObservation, ExportObserver, ExportOutcome } from './export/export-observer.ts';
export { RemoteWriteExporter, type RemoteWriteOptions } from './export/remote-write/remote-write-exporter.ts';
export { RetryingExporter, type RetryingExporterOptions } from './export/retrying-exporter.ts';
export {
  instrumentWebSocketServer,
  messageSize,
  type WebSocketInstrumentation,
  type WebSocketInstrumentationOptions,
  type WebSocketLike,
  type WebSocketServerLike,
} from './helpers/instrument-websocket-server.ts';
export { recordUsage, type UsageRecord } from './helpers/record-usage.ts';
export { type RunTaskOptions, runTask, type TaskContext, TaskTimeoutError } from './helpers/run-task.ts';
export {
  type SessionOptions,
  type SessionOutcome,
  type SessionTracker,
  startSession,
} from './helpers/session-tracker.ts';
export {
  openStream,
  type StreamOutcome,
  type StreamTracker,
  type StreamTrackerOptions,
} from './helpers/stream-tracker.ts';
export { trackStream } from './helpers/track-stream.ts';
export type { BoundCounter, Counter } from './instruments/counter.ts';
export type { BoundGauge, Gauge } from './instruments/gauge.ts';
export type { BoundHistogram, Histogram } from './instruments/histogram.ts';
export type { InstrumentFor } from './instruments/registry.ts';
export type { BoundUpDownCounter, UpDownCounter } from './instruments/up-down-counter.ts';
export { type FamilyInstruments, init, Meterline, type ServiceInstruments } from './meterline.ts';
export {
  type InstrumentKind,
  prometheusNameVariants,
  sanitizeLabelName,
  toPrometheusName,
} from './naming/prometheus-name.ts';
export {
  escapeLabelValue,
  type LabelMatcher,
  type Matchers,
  type MatchOperator,
  oneOf,
  selector,
} from './naming/promql.ts';
export { SDK_NAME, SDK_VERSION } from './version.ts';
