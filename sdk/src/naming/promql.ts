/**
 * The one place where text becomes part of a PromQL selector, for the stats API, the dashboards and the
 * rollups. Label values are always double-quoted string literals, escaped; a regular expression over
 * metric names is built only from the names given (catalog names), never from input.
 */

/** Escapes a label value for a double-quoted PromQL string literal: `\`, `"` and line breaks. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : '\\r',
  );
}

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One label matcher; `op` defaults to `=`. */
export interface LabelMatcher {
  label: string;
  value: string;
  op?: MatchOperator;
}

/** Matchers as a list, or as `{ label: value }` equalities. */
export type Matchers = readonly LabelMatcher[] | Readonly<Record<string, string>>;

function listOf(matchers: Matchers): readonly LabelMatcher[] {
  return Array.isArray(matchers)
    ? (matchers as readonly LabelMatcher[])
    : Object.entries(matchers).map(([label, value]) => ({ label, value }));
}

const escapeRegex = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher for a label whose value is exactly one of `values`: a regular expression of escaped literals
 * (VictoriaMetrics and Prometheus look such alternations up as a set). The empty string also matches
 * series without the label.
 */
export function oneOf(label: string, values: readonly string[]): LabelMatcher {
  return { label, op: '=~', value: values.map(escapeRegex).join('|') };
}

/**
 * A selector for one metric name (`name{…}`) or any of several (`{__name__=~"a|b",…}`), every matcher
 * value escaped.
 */
export function selector(metric: string | readonly string[], matchers: Matchers = []): string {
  const parts = listOf(matchers).map(
    ({ label, value, op = '=' }) => `${label}${op}"${escapeLabelValue(value)}"`,
  );
  const names = typeof metric === 'string' ? [metric] : metric;
  if (names.length === 1) return `${names[0]}{${parts.join(',')}}`;
  const pattern = escapeLabelValue(names.map(escapeRegex).join('|'));
  return `{${[`__name__=~"${pattern}"`, ...parts].join(',')}}`;
}
