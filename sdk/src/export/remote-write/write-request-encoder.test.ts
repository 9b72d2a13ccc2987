import { decodeWriteRequest, encodeWriteRequestWithProtobufjs } from '@meterline/testing';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { uncompressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { convert, toTimeSeries } from './time-series.ts';
import { writeRequestBody } from './write-request.ts';
import { WriteRequestEncoder } from './write-request-encoder.ts';

const time: [number, number] = [1_795_000_000, 123_000_000];

function metrics(attributes: Record<string, string | number>, value: number): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': 'enc', 'service.instance.id': 'é-1', region: 'eu' }),
    scopeMetrics: [
      {
        scope: { name: 'test' },
        metrics: [
          {
            descriptor: { name: 'enc.total', unit: 'By', description: '', valueType: 1 },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [{ startTime: time, endTime: time, attributes, value }],
          },
          {
            descriptor: { name: 'enc.latency', unit: 's', description: '', valueType: 1 },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: [
              {
                startTime: time,
                endTime: time,
                attributes: { ...attributes, le: 'attribute le is replaced in buckets' },
                value: { buckets: { boundaries: [0.1, 1], counts: [1, 0, 2] }, sum: 5.5, count: 3 },
              },
            ],
          },
        ],
      },
    ],
  };
}

function encode(data: ResourceMetrics): Buffer {
  const encoder = new WriteRequestEncoder();
  convert(data, encoder);
  return encoder.finish();
}

describe('WriteRequestEncoder', () => {
  const cases: [what: string, attributes: Record<string, string | number>, value: number][] = [
    ['plain labels', { 'http.route': '/a', method: 'GET' }, 42],
    ['unicode values', { user: 'Zoë 👩‍💻', 'a.b': '"quoted"\\n' }, 1.5],
    ['zero and negative values', { z: 0 }, -0.25],
    ['a long value', { v: 'x'.repeat(300) }, 2 ** 40],
    ['no attributes', {}, 0],
  ];
  it.each(cases)('matches protobufjs byte for byte: %s', (_what, attributes, value) => {
    const data = metrics(attributes, value);
    const ours = encode(data);
    expect(Buffer.from(encodeWriteRequestWithProtobufjs(toTimeSeries(data).series))).toEqual(ours);
    expect(decodeWriteRequest(ours).timeseries).toEqual(toTimeSeries(data).series);
  });

  it('puts le in sorted order and replaces an attribute named le in bucket series only', () => {
    const series = toTimeSeries(metrics({ a: '1', z: '2' }, 1)).series.map((s) =>
      s.labels.map((l) => `${l.name}=${l.value}`).join(','),
    );
    expect(series).toContain('__name__=enc_latency_seconds_bucket,a=1,instance=é-1,job=enc,le=0.1,z=2');
    expect(series).toContain(
      '__name__=enc_latency_seconds_sum,a=1,instance=é-1,job=enc,le=attribute le is replaced in buckets,z=2',
    );
  });

  it('compresses with snappy block format and counts samples', () => {
    const data = metrics({ a: '1' }, 3);
    const { body, samples, skipped } = writeRequestBody(data);
    expect([samples, skipped]).toEqual([1 + 5 + 1, []]);
    expect(uncompressSync(body)).toEqual(encode(data));
  });
});
