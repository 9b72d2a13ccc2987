// A Claude Code-shaped OpenTelemetry client for scripted scenarios the real CLI cannot play offline
// (commits, pull requests, a collector restart mid-session): the OpenTelemetry JS SDK sending Claude
// Code's metric names and attributes with delta temporality, and its log events shaped as the real CLI
// sends them (checked against captured payloads): the body names the event, `event.name` is the bare
// name, there is no OTLP event name, and tool results carry their numbers as strings.

import { metrics } from '@meterline/sdk';
import { type Attributes, ValueType } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  type ClaudeCodeEvent,
  claudeCodeIdentity,
  claudeCodeIncrements,
} from '../fixtures/claude-code-fixture.ts';

export interface ClaudeCodeClient {
  /** Records the events' metrics and emits their log events. */
  send(events: readonly ClaudeCodeEvent[]): void;
  /** Exports everything recorded so far (one delta export). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function claudeCodeClient(endpoint: string): ClaudeCodeClient {
  const resource = resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.1.197' });
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: endpoint, temporalityPreference: AggregationTemporality.DELTA }),
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: endpoint }) })],
  });
  const meter = meterProvider.getMeter('com.anthropic.claude_code', '2.1.197');
  const logger = loggerProvider.getLogger('com.anthropic.claude_code.events', '2.1.197');
  let sequence = 0;
  const counters = new Map<string, ReturnType<typeof meter.createCounter>>();
  // Claude Code sends its count metrics without a unit, and cost, tokens and time with one.
  const counter = (name: string, unit: string) => {
    let instrument = counters.get(name);
    if (instrument === undefined) {
      instrument = meter.createCounter(name, { unit, valueType: ValueType.DOUBLE });
      counters.set(name, instrument);
    }
    return instrument;
  };
  const emit = (event: ClaudeCodeEvent, name: string, attributes: Attributes) =>
    logger.emit({
      body: `claude_code.${name}`,
      timestamp: event.at * 1000,
      attributes: {
        ...claudeCodeIdentity(event, true),
        'event.name': name,
        'event.timestamp': new Date(event.at * 1000).toISOString(),
        'event.sequence': sequence++,
        ...attributes,
      },
    });
  return {
    send(events) {
      for (const event of events) {
        for (const [definition, extra, amount] of claudeCodeIncrements(event)) {
          // The event-derived metrics are the collector's to make.
          if (Object.values(metrics.claudeCodeEvents).includes(definition as never)) continue;
          counter(definition.name, definition.unit).add(amount, {
            ...claudeCodeIdentity(event, true),
            ...extra,
          });
        }
        const { request, tool, decision, apiError } = event;
        if (request) {
          emit(event, 'api_request', {
            model: request.model,
            cost_usd: request.costUsd,
            duration_ms: request.durationMs,
            input_tokens: request.tokens.input,
            output_tokens: request.tokens.output,
            cache_read_tokens: request.tokens.cacheRead,
            cache_creation_tokens: request.tokens.cacheCreation,
            query_source: 'sdk',
            effort: 'high',
          });
        }
        if (event.prompt) emit(event, 'user_prompt', { prompt_length: '42', prompt: '<REDACTED>' });
        if (tool)
          emit(event, 'tool_result', {
            tool_name: tool.name,
            success: String(tool.success),
            duration_ms: '120',
          });
        if (decision)
          emit(event, 'tool_decision', {
            tool_name: decision.tool,
            decision: decision.decision,
            source: 'config',
          });
        if (apiError)
          emit(event, 'api_error', {
            model: apiError.model,
            status_code: apiError.statusCode,
            error: 'overloaded',
            duration_ms: 150,
            attempt: 11,
          });
      }
    },
    async flush() {
      await Promise.all([meterProvider.forceFlush(), loggerProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([meterProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}
