import { describe, expect, it } from 'vitest';
import { anyOf, escapeLabelValue, series } from './promql.ts';

describe('escapeLabelValue', () => {
  const cases: [input: string, escaped: string][] = [
    ['plain', 'plain'],
    ['with "quotes"', 'with \\"quotes\\"'],
    ['back\\slash', 'back\\\\slash'],
    ['"} or vector(1) or {"', '\\"} or vector(1) or {\\"'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['=~.*', '=~.*'],
    ['ünïcødé 🚀', 'ünïcødé 🚀'],
    ['\\"', '\\\\\\"'],
  ];
  it.each(cases)('%j → %j', (input, escaped) => expect(escapeLabelValue(input)).toBe(escaped));
});

describe('selectors', () => {
  it('quotes every matcher value', () => {
    expect(series('usage_cost_USD_total', { session_id: 'a"b' })).toBe(
      'usage_cost_USD_total{session_id="a\\"b"}',
    );
  });

  it('builds a name regex only from the given metric names', () => {
    expect(anyOf(['a_total', 'b_total'], { user_id: 'u' })).toBe('{__name__=~"a_total|b_total",user_id="u"}');
  });
});
