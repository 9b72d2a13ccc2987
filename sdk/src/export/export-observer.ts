/** How an export attempt ended, for the SDK's self-metrics: samples sent, failed (and retried), dropped. */
export type ExportOutcome = 'sent' | 'failed' | 'dropped';

export interface ExportObservation {
  exporter: 'remote-write' | 'otlp';
  outcome: ExportOutcome;
  /** Samples (remote write) or data points (OTLP) in the batch. */
  samples: number;
  /** Duration of the attempt; 0 for a drop. */
  seconds: number;
}

export type ExportObserver = (observation: ExportObservation) => void;
