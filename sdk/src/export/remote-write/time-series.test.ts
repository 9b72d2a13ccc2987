import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { plainDecimal } from './plain-decimal.ts';
import { attributesToLabels } from './point-labels.ts';
import { type TimeSeries, toTimeSeries } from './time-series.ts';

describe('plainDecimal', () => {
  const cases: [value: number, expected: string][] = [
    [0.005, '0.005'],
    [10, '10'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-2.5e-8, '-0.000000025'],
    [1e21, '1000000000000000000000'],
    [2.5e22, '25000000000000000000000'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ];
  it.each(cases)('%d → %s', (value, expected) => expect(plainDecimal(value)).toBe(expected));
});

describe('attributesToLabels', () => {
  const cases: [
    what: string,
    attributes: Record<string, string | number | boolean>,
    expected: Record<string, string>,
  ][] = [
    ['sanitizes names', { 'session.id': 's', 'user.id': 'u' }, { session_id: 's', user_id: 'u' }],
    ['joins colliding keys in sorted key order', { a_b: 'second', 'a.b': 'first' }, { a_b: 'first;second' }],
    ['drops empty values', { a: '', b: 'x' }, { b: 'x' }],
    [
      'formats numbers and booleans',
      { n: 3, f: 0.25, tiny: 1e-7, t: true },
      { n: '3', f: '0.25', tiny: '0.0000001', t: 'true' },
    ],
    ['prefixes a leading digit', { '1x': 'v' }, { key_1x: 'v' }],
  ];
  it.each(cases)('%s', (_what, attributes, expected) => {
    expect(Object.fromEntries(attributesToLabels(attributes))).toEqual(expected);
  });
});

const time: [number, number] = [1_700_000_000, 500_000_000];
const at = 1_700_000_000_500;

function exported(attributes: Record<string, string>, metrics: MetricData[]): ResourceMetrics {
  return {
    resource: resourceFromAttributes(attributes),
    scopeMetrics: [{ scope: { name: 'test' }, metrics }],
  };
}

function sum(
  name: string,
  unit: string,
  monotonic: boolean,
  temporality = AggregationTemporality.CUMULATIVE,
): MetricData {
  return {
    descriptor: { name, unit, description: '', valueType: 1 },
    aggregationTemporality: temporality,
    dataPointType: DataPointType.SUM,
    isMonotonic: monotonic,
    dataPoints: [{ startTime: time, endTime: time, attributes: { job: 'overridden', 'k.v': 'x' }, value: 7 }],
  };
}

function flat(series: TimeSeries[]): string[] {
  return series.map(
    (s) =>
      `${s.labels.map((l) => `${l.name}=${l.value}`).join(',')} ${s.samples.map((x) => `${x.value}@${x.timestamp}`).join(' ')}`,
  );
}

describe('toTimeSeries', () => {
  it('names sums, puts job/instance from the resource over point attributes, and adds target_info', () => {
    const { series, skipped } = toTimeSeries(
      exported(
        { 'service.name': 'api', 'service.namespace': 'shop', 'service.instance.id': 'i-1', region: 'eu' },
        [sum('jobs.done', '{job}', true), sum('queue.size', '{item}', false)],
      ),
    );
    expect(skipped).toEqual([]);
    expect(flat(series)).toEqual([
      `__name__=jobs_done_total,instance=i-1,job=shop/api,k_v=x 7@${at}`,
      `__name__=queue_size,instance=i-1,job=shop/api,k_v=x 7@${at}`,
      `__name__=target_info,instance=i-1,job=shop/api,region=eu 1@${at}`,
    ]);
  });

  it('turns a histogram into cumulative buckets with +Inf equal to the count, sum and count', () => {
    const histogram: MetricData = {
      descriptor: { name: 'rpc.duration', unit: 's', description: '', valueType: 1 },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        {
          startTime: time,
          endTime: time,
          attributes: {},
          value: { buckets: { boundaries: [1e-7, 0.5, 2], counts: [1, 2, 3, 4] }, sum: 12.5, count: 10 },
        },
      ],
    };
    const { series } = toTimeSeries(exported({ 'service.name': 'api' }, [histogram]));
    expect(flat(series)).toEqual([
      `__name__=rpc_duration_seconds_bucket,job=api,le=0.0000001 1@${at}`,
      `__name__=rpc_duration_seconds_bucket,job=api,le=0.5 3@${at}`,
      `__name__=rpc_duration_seconds_bucket,job=api,le=2 6@${at}`,
      `__name__=rpc_duration_seconds_bucket,job=api,le=+Inf 10@${at}`,
      `__name__=rpc_duration_seconds_sum,job=api 12.5@${at}`,
      `__name__=rpc_duration_seconds_count,job=api 10@${at}`,
    ]);
  });

  it('skips delta sums and sends no target_info when the resource has only identity attributes', () => {
    const { series, skipped } = toTimeSeries(
      exported({ 'service.name': 'api' }, [
        sum('late', '1', true, AggregationTemporality.DELTA),
        sum('ok', '1', true),
      ]),
    );
    expect(skipped).toEqual(['late']);
    expect(flat(series)).toEqual([`__name__=ok_total,job=api,k_v=x 7@${at}`]);
  });
});
