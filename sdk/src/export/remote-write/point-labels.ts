import type { Attributes } from '@opentelemetry/api';
import { sanitizeLabelName } from '../../naming/prometheus-name.ts';
import { plainDecimal } from './plain-decimal.ts';

/**
 * The labels one data point gives every series made from it, sorted by name, without `__name__`;
 * `nameAt`/`leAt` say where `__name__` and a bucket's `le` go in the sorted order.
 */
export interface PointLabels {
  readonly names: readonly string[];
  readonly values: readonly string[];
  readonly nameAt: number;
  readonly leAt: number;
  /** The protobuf encoder's cache of these labels, encoded once and reused while the series lives. */
  encoded?: unknown;
}

// Attribute keys come from a small, fixed set, so their sanitized names are worth remembering.
const labelNames = new Map<string, string>();

function labelName(key: string): string {
  let name = labelNames.get(key);
  if (name === undefined) {
    name = sanitizeLabelName(key);
    if (labelNames.size >= 10_000) labelNames.clear();
    labelNames.set(key, name);
  }
  return name;
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
  const labels = new Map<string, string>();
  for (const key of Object.keys(attributes).sort()) {
    const raw = attributes[key];
    if (raw === undefined || raw === null) continue;
    const name = labelName(key);
    const value = labelValue(raw);
    const existing = labels.get(name);
    labels.set(name, existing === undefined ? value : `${existing};${value}`);
  }
  for (const [name, value] of labels) if (value === '') labels.delete(name);
  return labels;
}

/** A stable label for one resource: its `job` and `instance` labels. */
export type Identity = ReadonlyMap<string, string>;

// OpenTelemetry treats data-point attributes as immutable, and the SDK keeps the same frozen attributes object from one export to the next, so the
// labels computed for it are reused; entries go with the attributes when a series is freed.
const cache = new WeakMap<object, { identity: Identity; labels: PointLabels }>();

function firstIndexAfter(names: readonly string[], name: string): number {
  let i = 0;
  while (i < names.length && (names[i] as string) < name) i++;
  return i;
}

/** The labels of a data point: its attributes with `job`/`instance` from the resource taking precedence. */
export function pointLabels(attributes: Attributes, identity: Identity): PointLabels {
  const cached = cache.get(attributes);
  if (cached !== undefined && cached.identity === identity) return cached.labels;
  const all = attributesToLabels(attributes);
  for (const [name, value] of identity) all.set(name, value);
  // The series name always wins over an attribute of that name, as in the collector.
  all.delete('__name__');
  const entries = [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const names = entries.map(([name]) => name);
  const labels: PointLabels = {
    names,
    values: entries.map(([, value]) => value),
    nameAt: firstIndexAfter(names, '__name__'),
    leAt: firstIndexAfter(names, 'le'),
  };
  cache.set(attributes, { identity, labels });
  return labels;
}

/**
 * The labels of one series made from a data point, in sorted order, read by index without allocating:
 * the point's labels with `__name__` and, for a histogram bucket, `le` (which replaces an attribute `le`,
 * as the collector's does) merged in.
 */
export class SeriesLabels {
  count = 0;
  point: PointLabels = { names: [], values: [], nameAt: 0, leAt: 0 };
  metricName = '';
  le: string | undefined;
  /** A bucket's `le` takes the place of the point's own `le` label. */
  replacesLe = false;

  reset(point: PointLabels, metricName: string, le: string | undefined): void {
    this.point = point;
    this.metricName = metricName;
    this.le = le;
    this.replacesLe = le !== undefined && point.names[point.leAt] === 'le';
    this.count = point.names.length + 1 + (le !== undefined && !this.replacesLe ? 1 : 0);
  }

  name(i: number): string {
    const j = this.pointIndex(i);
    return j === -1 ? '__name__' : j === -2 ? 'le' : (this.point.names[j] as string);
  }

  value(i: number): string {
    const j = this.pointIndex(i);
    return j === -1 ? this.metricName : j === -2 ? (this.le as string) : (this.point.values[j] as string);
  }

  /** The point label at series position i, or -1 for `__name__`, -2 for the bucket's `le`. */
  private pointIndex(i: number): number {
    const { nameAt, leAt } = this.point;
    if (i < nameAt) return i;
    if (i === nameAt) return -1;
    const j = i - 1;
    if (this.le === undefined || j < leAt) return j;
    if (j === leAt) return -2;
    return this.replacesLe ? j : j - 1;
  }
}
