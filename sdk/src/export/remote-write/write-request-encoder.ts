import type { PointLabels, SeriesLabels } from './point-labels.ts';
import type { SeriesSink } from './time-series.ts';

// Protobuf tags of prompb: WriteRequest.timeseries = 1, TimeSeries.labels = 1, TimeSeries.samples = 2,
// Label.name = 1, Label.value = 2 (all length-delimited), Sample.value = 1 (double), Sample.timestamp = 2.
const TIMESERIES = 0x0a;
const LABELS = 0x0a;
const SAMPLES = 0x12;
const NAME = 0x0a;
const VALUE = 0x12;
const SAMPLE_VALUE = 0x09;
const SAMPLE_TIMESTAMP = 0x10;

function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(buffer: Uint8Array, position: number, value: number): number {
  // Timestamps exceed 2^32, so no bitwise shifts: division keeps all 53 bits.
  while (value >= 128) {
    buffer[position++] = (value % 128) | 128;
    value = Math.floor(value / 128);
  }
  buffer[position++] = value;
  return position;
}

/** One `TimeSeries.labels` field: tag, length, then the Label message. */
function encodeLabel(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name);
  const valueBytes = Buffer.from(value);
  const message =
    2 + varintSize(nameBytes.length) + nameBytes.length + varintSize(valueBytes.length) + valueBytes.length;
  const out = Buffer.allocUnsafe(1 + varintSize(message) + message);
  let p = 0;
  out[p++] = LABELS;
  p = writeVarint(out, p, message);
  out[p++] = NAME;
  p = writeVarint(out, p, nameBytes.length);
  p += nameBytes.copy(out, p);
  out[p++] = VALUE;
  p = writeVarint(out, p, valueBytes.length);
  valueBytes.copy(out, p);
  return out;
}

/** A point's labels encoded in the three runs that `__name__` and `le` fall between. */
interface Segments {
  beforeName: Buffer;
  beforeLe: Buffer;
  fromLe: Buffer;
  /** `fromLe` without the point's own `le` label, for buckets that replace it. */
  afterOwnLe: Buffer;
}

function segmentsOf(point: PointLabels): Segments {
  const labels = point.names.map((name, i) => encodeLabel(name, point.values[i] as string));
  const fromLe = Buffer.concat(labels.slice(point.leAt));
  const ownLe = point.names[point.leAt] === 'le' ? (labels[point.leAt] as Buffer).length : 0;
  return {
    beforeName: Buffer.concat(labels.slice(0, point.nameAt)),
    beforeLe: Buffer.concat(labels.slice(point.nameAt, point.leAt)),
    fromLe,
    afterOwnLe: fromLe.subarray(ownLe),
  };
}

/**
 * Encodes a Prometheus remote-write `WriteRequest` straight from the series a conversion emits. A point's
 * labels are encoded once and kept with it, so a steady export copies bytes instead of encoding strings.
 * Hand-written because it measured several times faster than protobufjs for this five-field schema (see
 * BENCHMARKS.md); tests check it byte for byte against protobufjs.
 */
export class WriteRequestEncoder implements SeriesSink {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private position = 0;
  // Series names and bucket bounds repeat across the points of an export; keyed by the bare string so a
  // lookup concatenates nothing.
  private readonly names = new Map<string, Buffer>();
  private readonly bounds = new Map<string, Buffer>();

  series(labels: SeriesLabels, value: number, timestamp: number): void {
    const point = labels.point;
    if (point.encoded === undefined) point.encoded = segmentsOf(point);
    const segments = point.encoded as Segments;
    const name = this.label(this.names, '__name__', labels.metricName);
    const le = labels.le === undefined ? undefined : this.label(this.bounds, 'le', labels.le);
    const tail = le !== undefined && labels.replacesLe ? segments.afterOwnLe : segments.fromLe;
    const sampleSize = 1 + 8 + 1 + varintSize(timestamp);
    const size =
      segments.beforeName.length +
      name.length +
      segments.beforeLe.length +
      (le?.length ?? 0) +
      tail.length +
      1 +
      varintSize(sampleSize) +
      sampleSize;
    this.reserve(1 + varintSize(size) + size);
    const buffer = this.buffer;
    let p = this.position;
    buffer[p++] = TIMESERIES;
    p = writeVarint(buffer, p, size);
    buffer.set(segments.beforeName, p);
    p += segments.beforeName.length;
    buffer.set(name, p);
    p += name.length;
    buffer.set(segments.beforeLe, p);
    p += segments.beforeLe.length;
    if (le !== undefined) {
      buffer.set(le, p);
      p += le.length;
    }
    buffer.set(tail, p);
    p += tail.length;
    buffer[p++] = SAMPLES;
    p = writeVarint(buffer, p, sampleSize);
    buffer[p++] = SAMPLE_VALUE;
    buffer.writeDoubleLE(value, p);
    p += 8;
    buffer[p++] = SAMPLE_TIMESTAMP;
    this.position = writeVarint(buffer, p, timestamp);
  }

  /** The encoded request so far; valid until the next call to {@link series} or {@link reset}. */
  finish(): Buffer {
    return this.buffer.subarray(0, this.position);
  }

  /** Starts a new request, keeping the grown buffer so steady exports allocate nothing. */
  reset(): void {
    this.position = 0;
    this.names.clear();
    this.bounds.clear();
  }

  private label(cache: Map<string, Buffer>, name: string, value: string): Buffer {
    let encoded = cache.get(value);
    if (encoded === undefined) {
      encoded = encodeLabel(name, value);
      cache.set(value, encoded);
    }
    return encoded;
  }

  private reserve(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }
}
