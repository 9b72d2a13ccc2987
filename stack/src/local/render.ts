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

export function rangeTable(result: readonly RangeSeries[]): string {
  if (result.length === 0) return '(no data)';
  const rows = result.map((s) => {
    const values = s.values.map(([, v]) => Number(v));
    return [labels(s.metric), number(values.at(-1) ?? Number.NaN), sparkline(values)] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  return rows.map(([l, v, line]) => `${l.padEnd(width)}  ${v.padStart(valueWidth)}  ${line}`).join('\n');
}
