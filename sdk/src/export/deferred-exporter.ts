import { diag } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';

/** What a metric exporter and a span exporter have in common. */
export interface BatchExporter<T> {
  export(items: T, resultCallback: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * An exporter whose module is imported when the exporter is created, not when the SDK is: the OTLP gRPC
 * exporters load @grpc/grpc-js (~75 ms and ~12 MiB on Node 24), which a service that writes straight to
 * VictoriaMetrics never needs. Calls made while the import runs wait for it; if the import fails, every
 * export fails with its error (the retrying exporter counts and reports it) and shutdown still resolves.
 */
export class DeferredExporter<T> implements BatchExporter<T> {
  private readonly loading: Promise<BatchExporter<T>>;

  constructor(load: () => Promise<BatchExporter<T>>) {
    this.loading = load();
    // Said once now (a missing optional package, say), then reported by each export.
    this.loading.catch((error: Error) => diag.error(`@meterline/sdk: ${error.message}`));
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    this.loading.then(
      (exporter) => exporter.export(items, resultCallback),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  async forceFlush(): Promise<void> {
    await (await this.loaded())?.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await (await this.loaded())?.shutdown();
  }

  private loaded(): Promise<BatchExporter<T> | undefined> {
    return this.loading.catch(() => undefined);
  }
}
