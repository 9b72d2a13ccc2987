import type { TimeSeries } from '@meterline/sdk/internal';
import protobuf from 'protobufjs';

// prompb's WriteRequest, declared for protobufjs: an independent decoder (and reference encoder) to check
// the SDK's hand-written encoder against.
const WriteRequest = protobuf.Root.fromJSON({
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
}).lookupType('WriteRequest');

export function decodeWriteRequest(bytes: Uint8Array): { timeseries: TimeSeries[] } {
  return WriteRequest.toObject(WriteRequest.decode(bytes), { longs: Number, defaults: true }) as {
    timeseries: TimeSeries[];
  };
}

export function encodeWriteRequestWithProtobufjs(timeseries: readonly TimeSeries[]): Uint8Array {
  return WriteRequest.encode({ timeseries }).finish();
}
