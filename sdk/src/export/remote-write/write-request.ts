import protobuf from 'protobufjs';
import { compressSync } from 'snappy';
import type { TimeSeries } from './time-series.ts';

// Prometheus remote write 1.0 (prompb): only the fields Meterline sends.
const root = protobuf.Root.fromJSON({
  nested: {
    WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
    TimeSeries: {
      fields: {
        labels: { rule: 'repeated', type: 'Label', id: 1 },
        samples: { rule: 'repeated', type: 'Sample', id: 2 },
      },
    },
    Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
  },
});
const WriteRequest = root.lookupType('WriteRequest');

/** A `WriteRequest` as protobuf, before compression. */
export function encodeWriteRequest(timeseries: readonly TimeSeries[]): Uint8Array {
  return WriteRequest.encode({ timeseries }).finish();
}

/** Decodes a `WriteRequest`; used by tests and the benchmark to check what was sent. */
export function decodeWriteRequest(bytes: Uint8Array): { timeseries: TimeSeries[] } {
  const message = WriteRequest.decode(bytes);
  return WriteRequest.toObject(message, { longs: Number, defaults: true }) as { timeseries: TimeSeries[] };
}

/** The remote-write body: protobuf compressed with Snappy's block format (not the framed format). */
export function writeRequestBody(timeseries: readonly TimeSeries[]): Buffer {
  return compressSync(Buffer.from(encodeWriteRequest(timeseries)));
}
