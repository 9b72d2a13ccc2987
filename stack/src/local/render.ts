// Terminal rendering for `meterline query`: a table of series, with a sparkline for range queries.

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const span = Math.max(...finite) - min;
  return values
    .map((v) => (Number.isFinite(v) ? BARS[span === 0 ? 3 : Math.round(((v - min) / span) * 7)] : ' '))
    .join('');
}

function labels(metric: Record<string, string>): string {
  const { __name__, ...rest } = metric;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  return `${__name__ ?? ''}{${pairs.join(', ')}}`;
}

function number(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
}

export interface InstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export function instantTable(result: readonly InstantSample[]): string {
  if (result.length === 0) return '(no data)';
  const rows = result.map((s) => [labels(s.metric), number(Number(s.value[1]))] as const);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${l.padEnd(width)}  ${v}`).join('\n');
}

/** The time grid of a range query, in Unix seconds. */
export interface RangeGrid {
  start: number;
  end: number;
  step: number;
}

function clock(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(11, 19);
}

/**
 * Range results with a header naming the grid, and one sparkline per series on that same grid: a step
 * with no sample is a gap, so the lines of different series line up in time.
 */
export function rangeTable(result: readonly RangeSeries[], grid: RangeGrid): string {
  if (result.length === 0) return '(no data)';
  const slots = Math.floor((grid.end - grid.start) / grid.step) + 1;
  const rows = result.map((s) => {
    const aligned = new Array<number>(slots).fill(Number.NaN);
    for (const [at, v] of s.values) {
      const slot = Math.round((at - grid.start) / grid.step);
      if (slot >= 0 && slot < slots) aligned[slot] = Number(v);
    }
    const last = Number(s.values.at(-1)?.[1]);
    return [labels(s.metric), number(last), sparkline(aligned)] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length), 'series'.length);
  const valueWidth = Math.max(...rows.map(([, v]) => v.length), 'last'.length);
  const header = `${'series'.padEnd(width)}  ${'last'.padStart(valueWidth)}  ${clock(grid.start)} → ${clock(grid.end)} UTC, every ${grid.step}s`;
  return [
    header,
    ...rows.map(([l, v, line]) => `${l.padEnd(width)}  ${v.padStart(valueWidth)}  ${line}`),
  ].join('\n');
}
