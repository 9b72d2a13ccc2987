// The example's events: one OpenTelemetry log record per session and round, sent by the logs SDK to the
// same OTLP endpoint as its metrics (OTEL_EXPORTER_OTLP_ENDPOINT), as a service sends what happened in a
// session beside what it measured. The collector keeps every record in VictoriaLogs, where
// `meterline events <session>` and the stats API's session events find them by session.id.
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';

export interface SessionEvents {
  emit(sessionId: string, name: string, attributes?: Record<string, string | number>): void;
  shutdown(): Promise<void>;
}

/** Events of `serviceName`, exported where the OTEL_EXPORTER_OTLP_* variables say. */
export function sessionEvents(serviceName: string): SessionEvents {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    processors: [
      new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(), scheduledDelayMillis: 1000 }),
    ],
  });
  const logger = provider.getLogger('meterline-example');
  return {
    emit(sessionId, name, attributes = {}) {
      logger.emit({
        body: `example.${name}`,
        attributes: { 'event.name': name, 'session.id': sessionId, ...attributes },
      });
    },
    shutdown: () => provider.shutdown(),
  };
}
