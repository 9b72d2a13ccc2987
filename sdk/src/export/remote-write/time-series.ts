import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { type InstrumentKind, sanitizeLabelName, toPrometheusName } from '../../naming/prometheus-name.ts';

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

/** Series built from one export, and the metrics that could not be sent as remote write. */
export interface Conversion {
  series: TimeSeries[];
  /** Names of metrics skipped because remote write cannot carry them (delta, exponential histogram). */
  skipped: string[];
}

// Resource attributes that become `job` and `instance` instead of going to target_info.
const IDENTIFYING = new Set(['service.name', 'service.namespace', 'service.instance.id']);

/** Go's strconv.FormatFloat(x, 'f', -1, 64): the shortest plain decimal, never exponent notation. */
export function plainDecimal(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = `${lead}${fraction}`;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.padEnd(point, '0')}`;
}

function labelValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainDecimal(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/**
 * Attributes as Prometheus labels: names sanitized, values of keys that collide after sanitizing joined
 * with `;` in the sorted order of the original keys, empty values dropped.
 */
export function attributesToLabels(attributes: Attributes): Map<string, string> {
  const keys = Object.keys(attributes).sort();
  const labels = new Map<string, string>();
  for (const key of keys) {
    const raw = attributes[key];
    if (raw === undefined || raw === null) continue;
    const name = sanitizeLabelName(key);
    const value = labelValue(raw);
    const existing = labels.get(name);
    labels.set(name, existing === undefined ? value : `${existing};${value}`);
  }
  for (const [name, value] of labels) if (value === '') labels.delete(name);
  return labels;
}

function sortedLabels(labels: Map<string, string>): Label[] {
  return [...labels]
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
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
 * Converts an OpenTelemetry export into Prometheus remote-write series exactly as the collector's
 * `prometheusremotewrite` exporter does (DESIGN §4): `job`/`instance` from the resource, the other
 * resource attributes on one `target_info` series, cumulative histogram buckets with `le="+Inf"` equal
 * to the count, and no scope labels.
 */
export function toTimeSeries({ resource, scopeMetrics }: ResourceMetrics): Conversion {
  const attributes = resource.attributes;
  const name = attributes['service.name'];
  const namespace = attributes['service.namespace'];
  const identity = new Map<string, string>();
  if (name !== undefined && name !== '') {
    identity.set('job', namespace ? `${labelValue(namespace)}/${labelValue(name)}` : labelValue(name));
  }
  const instance = attributes['service.instance.id'];
  if (instance !== undefined && instance !== '') identity.set('instance', labelValue(instance));

  const series: TimeSeries[] = [];
  const skipped: string[] = [];
  let latest = 0;
  const push = (metricName: string, labels: Map<string, string>, value: number, timestamp: number) => {
    const all = new Map(labels);
    for (const [key, v] of identity) all.set(key, v);
    all.set('__name__', metricName);
    series.push({ labels: sortedLabels(all), samples: [{ value, timestamp }] });
  };

  for (const scope of scopeMetrics) {
    for (const metric of scope.metrics) {
      const kind = kindOf(metric);
      if (kind === undefined || metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
        skipped.push(metric.descriptor.name);
        continue;
      }
      const base = toPrometheusName(metric.descriptor.name, metric.descriptor.unit, kind);
      for (const point of metric.dataPoints) {
        const timestamp = point.endTime[0] * 1000 + Math.floor(point.endTime[1] / 1e6);
        latest = Math.max(latest, timestamp);
        const labels = attributesToLabels(point.attributes);
        if (kind !== 'histogram') {
          push(base, labels, point.value as number, timestamp);
          continue;
        }
        const histogram = point.value as Histogram;
        let cumulative = 0;
        histogram.buckets.boundaries.forEach((boundary, i) => {
          cumulative += histogram.buckets.counts[i] ?? 0;
          push(`${base}_bucket`, new Map(labels).set('le', plainDecimal(boundary)), cumulative, timestamp);
        });
        push(`${base}_bucket`, new Map(labels).set('le', '+Inf'), histogram.count, timestamp);
        push(`${base}_sum`, labels, histogram.sum ?? 0, timestamp);
        push(`${base}_count`, labels, histogram.count, timestamp);
      }
    }
  }

  const targetInfo = new Map([
    ...attributesToLabels(
      Object.fromEntries(Object.entries(attributes).filter(([key]) => !IDENTIFYING.has(key))),
    ),
  ]);
  if (targetInfo.size > 0 && series.length > 0) push('target_info', targetInfo, 1, latest);
  return { series, skipped };
}
