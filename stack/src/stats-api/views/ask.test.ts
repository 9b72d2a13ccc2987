import { describe, expect, it } from 'vitest';
import { type Ask, promqlOf } from './ask.ts';

const cost: Ask = {
  kind: 'sum',
  names: ['cost_total'],
  scope: { organization_id: 'acme' },
  labels: ['model'],
};
const window = { start: 1000, end: 4600.5 };

describe('promqlOf', () => {
  const cases: [
    what: string,
    range: { start: number; end: number },
    at: number | undefined,
    promql: string,
  ][] = [
    [
      'the window, at its end',
      window,
      undefined,
      'sum by (model) (increase_pure(cost_total{organization_id="acme"}[3600500ms]))',
    ],
    [
      'a range ending earlier: an offset, and the range still starts at the window start',
      { start: 1000, end: 1600.25 },
      4600.5,
      'sum by (model) (increase_pure(cost_total{organization_id="acme"}[600250ms] offset 3000250ms))',
    ],
    [
      'a range starting later, at its end',
      { start: 2000.001, end: 4600.5 },
      4600.5,
      'sum by (model) (increase_pure(cost_total{organization_id="acme"}[2600499ms]))',
    ],
  ];
  it.each(cases)('%s', (_what, range, at, promql) => {
    expect(promqlOf(cost, range, [], at)).toBe(promql);
  });
});
