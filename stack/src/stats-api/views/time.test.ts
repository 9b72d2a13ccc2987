import { describe, expect, it } from 'vitest';
import { iso, secondsBetween } from './time.ts';

describe('secondsBetween', () => {
  const cases: [what: string, first: number, last: number, seconds: number][] = [
    ['a 281 ms session (regression: answered 0.280999899)', 1_764_744_000.123, 1_764_744_000.404, 0.281],
    ['a session shorter than one export interval', 1_764_744_000, 1_764_744_000, 0],
    ['a day', 1_764_744_000.5, 1_764_830_400.5, 86_400],
    ['instants rounded as iso prints them', 1_764_744_000.0004, 1_764_744_001.0006, 1.001],
  ];
  it.each(cases)('%s', (_what, first, last, seconds) => {
    expect(secondsBetween(first, last)).toBe(seconds);
    expect(secondsBetween(first, last)).toBe((Date.parse(iso(last)) - Date.parse(iso(first))) / 1000);
  });
});
