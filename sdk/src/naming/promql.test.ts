import { describe, expect, it } from 'vitest';
import { escapeLabelValue, oneOf, selector } from './promql.ts';

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
    expect(selector('usage_cost_USD_total', { session_id: 'a"b' })).toBe(
      'usage_cost_USD_total{session_id="a\\"b"}',
    );
  });

  it('builds a name regex only from the given metric names', () => {
    expect(selector(['a_total', 'b_total'], { user_id: 'u' })).toBe(
      '{__name__=~"a_total|b_total",user_id="u"}',
    );
  });

  const cases: [what: string, selected: string, expected: string][] = [
    ['one name, no matchers', selector('up'), 'up{}'],
    [
      'an operator per matcher',
      selector('up', [
        { label: 'job', op: '=~', value: '$job' },
        { label: 'x', op: '!=', value: '' },
      ]),
      'up{job=~"$job",x!=""}',
    ],
    ['a single name in a list', selector(['up'], { job: 'a' }), 'up{job="a"}'],
    ['a regex character in a name', selector(['a.b', 'c']), '{__name__=~"a\\\\.b|c"}'],
    ['one of several literal values', selector('up', [oneOf('s', ['a', 'b'])]), 'up{s=~"a|b"}'],
    [
      'one of: regex characters are literal',
      selector('up', [oneOf('s', ['a.b|c'])]),
      'up{s=~"a\\\\.b\\\\|c"}',
    ],
    [
      'one of: quotes and backslashes escaped',
      selector('up', [oneOf('s', ['a"\\'])]),
      'up{s=~"a\\"\\\\\\\\"}',
    ],
    [
      'one of: the empty value matches a missing label',
      selector('up', [oneOf('s', ['a', ''])]),
      'up{s=~"a|"}',
    ],
  ];
  it.each(cases)('%s', (_what, selected, expected) => expect(selected).toBe(expected));
});
