/**
 * The one place where text becomes part of a PromQL query. Label values are always double-quoted string
 * literals; regular expressions are built only from metric names the catalog defines, never from input.
 */

/** Escapes a label value for a double-quoted PromQL string literal: `\`, `"` and line breaks. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : '\\r',
  );
}

/** `{name="value",…}` from label matchers, every value escaped. */
export function matchers(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(',')}}`;
}

/** A selector for one metric. */
export function series(metric: string, labels: Readonly<Record<string, string>>): string {
  return `${metric}${matchers(labels)}`;
}

/** A selector for any of several catalog metrics (names are trusted: they come from the catalog). */
export function anyOf(metricNames: readonly string[], labels: Readonly<Record<string, string>>): string {
  const names = metricNames.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return `{__name__=~"${escapeLabelValue(names)}"${Object.entries(labels)
    .map(([name, value]) => `,${name}="${escapeLabelValue(value)}"`)
    .join('')}}`;
}
