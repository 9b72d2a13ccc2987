import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/**
 * Wraps an exporter to learn when an export succeeded, so retired sessions are freed only after their
 * final values have reached the back end. Temporality is always cumulative: remote write needs it, and a
 * failed export is then repaired by the next successful one.
 */
export class ConfirmingExporter implements PushMetricExporter {
  private readonly inner: PushMetricExporter;
  private readonly onSuccess: () => void;

  constructor(inner: PushMetricExporter, onSuccess: () => void) {
    this.inner = inner;
    this.onSuccess = onSuccess;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.onSuccess();
      resultCallback(result);
    });
  }

  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
