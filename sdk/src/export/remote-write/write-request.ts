import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { compressSync } from 'snappy';
import { convert } from './time-series.ts';
import { WriteRequestEncoder } from './write-request-encoder.ts';

/** A remote-write body ready to send: protobuf compressed with Snappy's block format (not framed). */
export interface WriteRequestBody {
  body: Buffer;
  /** Samples in the request (one per series). */
  samples: number;
  /** Metrics remote write cannot carry (delta, exponential histograms). */
  skipped: string[];
}

/**
 * Converts, encodes and compresses one export. Pass the same encoder for every export of one exporter:
 * its buffer is reused (the compressed body is a copy).
 */
export function writeRequestBody(
  metrics: ResourceMetrics,
  encoder = new WriteRequestEncoder(),
): WriteRequestBody {
  encoder.reset();
  let samples = 0;
  const skipped = convert(metrics, {
    series(labels, value, timestamp) {
      encoder.series(labels, value, timestamp);
      samples++;
    },
  });
  return { body: samples === 0 ? Buffer.alloc(0) : compressSync(encoder.finish()), samples, skipped };
}
