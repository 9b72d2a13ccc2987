import { describe, expect, it } from 'vitest';
import { instantTable, rangeTable, sparkline } from './render.ts';

describe('render', () => {
  const lines: [values: number[], expected: string][] = [
    [[0, 1, 2, 3, 4, 5, 6, 7], '▁▂▃▄▅▆▇█'],
    [[5, 5, 5], '▄▄▄'],
    [[0, Number.NaN, 7], '▁ █'],
    [[], ''],
  ];
  it.each(lines)('sparkline %j', (values, expected) => expect(sparkline(values)).toBe(expected));

  it('tables instant and range results', () => {
    expect(
      instantTable([
        { metric: { __name__: 'up', job: 'a' }, value: [1, '1'] },
        { metric: { job: 'bb' }, value: [1, '0.25'] },
      ]),
    ).toBe('up{job="a"}  1\n{job="bb"}   0.25');
    expect(
      rangeTable(
        [
          {
            metric: { job: 'a' },
            values: [
              [0, '1'],
              [10, '3'],
            ],
          },
        ],
        { start: 0, end: 10, step: 10 },
      ),
    ).toBe('series     last  00:00:00 → 00:00:10 UTC, every 10s\n{job="a"}     3  ▁█');
    expect(instantTable([])).toBe('(no data)');
  });

  // Regression: sparklines ignored timestamps, so a series that started late looked like one that ran all along.
  it('aligns range sparklines on the query grid, leaving gaps where a series has no sample', () => {
    const grid = { start: 0, end: 40, step: 10 };
    const table = rangeTable(
      [
        { metric: { s: 'all' }, values: [0, 10, 20, 30, 40].map((t) => [t, String(t)] as [number, string]) },
        {
          metric: { s: 'late' },
          values: [
            [30, '1'],
            [40, '2'],
          ],
        },
      ],
      grid,
    );
    expect(table.split('\n').slice(1)).toEqual(['{s="all"}     40  ▁▃▅▆█', '{s="late"}     2     ▁█']);
  });
});
