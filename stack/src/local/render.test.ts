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
      rangeTable([
        {
          metric: { job: 'a' },
          values: [
            [1, '1'],
            [2, '3'],
          ],
        },
      ]),
    ).toBe('{job="a"}  3  ▁█');
    expect(instantTable([])).toBe('(no data)');
  });
});
