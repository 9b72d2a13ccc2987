import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { type InstrumentKind, toPrometheusName } from '../../naming/prometheus-name.ts';
import { plainDecimal } from './plain-decimal.ts';
import {
  attributesToLabels,
  type Identity,
  type PointLabels,
  pointLabels,
  SeriesLabels,
} from './point-labels.ts';

export interface Label {
  name: string;
  value: string;
}

export interface Sample {
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export interface TimeSeries {
  labels: Label[];
  samples: Sample[];
}

/** Receives the series of an export one by one; labels are valid only during the call. */
export interface SeriesSink {
  series(labels: SeriesLabels, value: number, timestamp: number): void;
}

// Resource attributes that become `job` and `instance` instead of going to target_info.
const IDENTIFYING = new Set(['service.name', 'service.namespace', 'service.instance.id']);

// One identity object per distinct job/instance pair, so the point-label cache can compare by reference.
const identities = new Map<string, Identity>();

function identityOf(attributes: Record<string, unknown>): Identity {
  const name = attributes['service.name'];
  const namespace = attributes['service.namespace'];
  const instance = attributes['service.instance.id'];
  const job =
    name === undefined || name === ''
      ? ''
      : namespace
        ? `${String(namespace)}/${String(name)}`
        : String(name);
  const key = `${job}\n${instance === undefined ? '' : String(instance)}`;
  let identity = identities.get(key);
  if (identity === undefined) {
    const labels = new Map<string, string>();
    if (job !== '') labels.set('job', job);
    if (instance !== undefined && instance !== '') labels.set('instance', String(instance));
    if (identities.size > 1000) identities.clear();
    identity = labels;
    identities.set(key, identity);
  }
  return identity;
}

function kindOf(metric: MetricData): InstrumentKind | undefined {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'updowncounter';
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
      return 'histogram';
    default:
      return undefined;
  }
}

/**
 * Walks an OpenTelemetry export and emits the Prometheus series the collector's `prometheusremotewrite`
 * exporter would make of it (docs/design.md §3): `job`/`instance` from the resource, the other resource
 * attributes on one `target_info` series, cumulative histogram buckets with `le="+Inf"` equal to the
 * count, no scope labels. Returns the names of metrics remote write cannot carry (delta, exponential).
 */
export function convert({ resource, scopeMetrics }: ResourceMetrics, sink: SeriesSink): string[] {
  const identity = identityOf(resource.attributes);
  const labels = new SeriesLabels();
  const skipped: string[] = [];
  let latest = 0;
  let emitted = 0;
  for (const scope of scopeMetrics) {
    for (const metric of scope.metrics) {
      const kind = kindOf(metric);
      if (kind === undefined || metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
        skipped.push(metric.descriptor.name);
        continue;
      }
      const base = toPrometheusName(metric.descriptor.name, metric.descriptor.unit, kind);
      const bucket = `${base}_bucket`;
      for (const point of metric.dataPoints) {
        const timestamp = point.endTime[0] * 1000 + Math.floor(point.endTime[1] / 1e6);
        if (timestamp > latest) latest = timestamp;
        const own = pointLabels(point.attributes, identity);
        if (kind !== 'histogram') {
          labels.reset(own, base, undefined);
          sink.series(labels, point.value as number, timestamp);
          emitted++;
          continue;
        }
        const { buckets, count, sum } = point.value as Histogram;
        let cumulative = 0;
        for (let i = 0; i < buckets.boundaries.length; i++) {
          cumulative += buckets.counts[i] ?? 0;
          labels.reset(own, bucket, plainDecimal(buckets.boundaries[i] as number));
          sink.series(labels, cumulative, timestamp);
        }
        labels.reset(own, bucket, '+Inf');
        sink.series(labels, count, timestamp);
        labels.reset(own, `${base}_sum`, undefined);
        sink.series(labels, sum ?? 0, timestamp);
        labels.reset(own, `${base}_count`, undefined);
        sink.series(labels, count, timestamp);
        emitted++;
      }
    }
  }
  const info = attributesToLabels(
    Object.fromEntries(Object.entries(resource.attributes).filter(([key]) => !IDENTIFYING.has(key))),
  );
  if (info.size > 0 && emitted > 0) {
    const point: PointLabels = pointLabels(Object.freeze(Object.fromEntries(info)), identity);
    labels.reset(point, 'target_info', undefined);
    sink.series(labels, 1, latest);
  }
  return skipped;
}

/** The series of an export as objects, for tests and inspection; exporters use the encoder instead. */
export function toTimeSeries(metrics: ResourceMetrics): { series: TimeSeries[]; skipped: string[] } {
  const series: TimeSeries[] = [];
  const skipped = convert(metrics, {
    series(labels, value, timestamp) {
      const list: Label[] = [];
      for (let i = 0; i < labels.count; i++) list.push({ name: labels.name(i), value: labels.value(i) });
      series.push({ labels: list, samples: [{ value, timestamp }] });
    },
  });
  return { series, skipped };
}
