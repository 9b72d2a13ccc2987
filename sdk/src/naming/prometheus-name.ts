/**
 * OpenTelemetry → Prometheus naming, exactly as the collector's `prometheusremotewrite` exporter does it
 * (default translation strategy, with suffixes). Dashboards and the stats API find series only through
 * this function, so it must agree with the collector token for token.
 */

export type InstrumentKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

const MAIN_UNITS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

const PER_UNITS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const NAME_SEPARATORS = /[^a-zA-Z0-9:]+/;
const LABEL_INVALID = /[^a-zA-Z0-9]/gu;

function tokens(text: string): string[] {
  return text.split(NAME_SEPARATORS).filter((token) => token !== '');
}

/** A unit part as a name suffix, or '' when the collector drops it (empty or an annotation like `{item}`). */
function unitSuffix(part: string | undefined, map: Readonly<Record<string, string>>): string {
  const trimmed = part?.trim() ?? '';
  if (trimmed === '' || trimmed.includes('{') || trimmed.includes('}')) return '';
  return tokens(map[trimmed] ?? trimmed).join('_');
}

/**
 * The base Prometheus series name for an OpenTelemetry metric. Histograms get no `_bucket`/`_sum`/`_count`
 * here; append them yourself.
 */
export function toPrometheusName(name: string, unit: string, kind: InstrumentKind): string {
  let nameTokens = tokens(name);
  const slash = unit.indexOf('/');
  const main = unitSuffix(slash === -1 ? unit : unit.slice(0, slash), MAIN_UNITS);
  const per = slash === -1 ? '' : unitSuffix(unit.slice(slash + 1), PER_UNITS);
  if (main !== '' && !nameTokens.includes(main)) nameTokens.push(main);
  if (per !== '') nameTokens.push(`per_${per}`);
  if (kind === 'counter') nameTokens = [...nameTokens.filter((token) => token !== 'total'), 'total'];
  if (kind === 'gauge' && unit === '1')
    nameTokens = [...nameTokens.filter((token) => token !== 'ratio'), 'ratio'];
  const joined = nameTokens.join('_');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/**
 * The series names a metric can arrive under: the collector's (with its unit suffix, e.g.
 * `claude_code_cost_usage_USD_total`) first, then that of exporters that add no unit suffix, such as
 * Claude Code's own Prometheus exporter (`claude_code_cost_usage_total`).
 */
export function prometheusNameVariants(name: string, unit: string, kind: InstrumentKind): string[] {
  const withUnit = toPrometheusName(name, unit, kind);
  const withoutUnit = toPrometheusName(name, '', kind);
  return withUnit === withoutUnit ? [withUnit] : [withUnit, withoutUnit];
}

/** A Prometheus label name for an attribute key: invalid characters become `_`, a leading digit gets `key_`. */
export function sanitizeLabelName(key: string): string {
  const sanitized = key.replace(LABEL_INVALID, '_');
  return /^[0-9]/.test(sanitized) ? `key_${sanitized}` : sanitized;
}
