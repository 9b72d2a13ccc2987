import { describe, expect, it } from 'vitest';
import { ALL_SECONDS, ParameterError, parseId, parseLimit, parseWindow } from './params.ts';

const now = 1_800_000_000;

describe('parseWindow', () => {
  const valid: [query: Record<string, string>, start: number, end: number][] = [
    [{}, now - ALL_SECONDS, now],
    [{ window: 'all' }, now - ALL_SECONDS, now],
    [{ window: '24h' }, now - 86_400, now],
    [{ window: '7d' }, now - 7 * 86_400, now],
    [{ window: '90m' }, now - 5400, now],
    [{ window: '2w' }, now - 14 * 86_400, now],
    [{ start: '1700000000', end: '1700003600' }, 1_700_000_000, 1_700_003_600],
    [{ start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00.5Z' }, 1_767_225_600, 1_767_229_200.5],
    [{ start: '2026-01-01T02:00:00+02:00', end: '1767229200' }, 1_767_225_600, 1_767_229_200],
    [{ start: '1700000000' }, 1_700_000_000, now],
  ];
  it.each(valid)('%j', (query, start, end) => expect(parseWindow(query, now)).toEqual({ start, end }));

  const invalid: [query: Record<string, string>, parameter: string][] = [
    [{ window: '' }, 'window'],
    [{ window: '7' }, 'window'],
    [{ window: '0d' }, 'window'],
    [{ window: '-1d' }, 'window'],
    [{ window: '1y' }, 'window'],
    [{ window: '99999w' }, 'window'],
    [{ window: '7d', start: '1' }, 'window'],
    [{ start: 'yesterday' }, 'start'],
    [{ start: '2026-13-45T00:00:00Z' }, 'start'],
    [{ start: '1700003600', end: '1700000000' }, 'start'],
    [{ end: 'soon' }, 'end'],
    [{ start: '1e9' }, 'start'],
  ];
  it.each(invalid)('rejects %j naming %s', (query, parameter) => {
    expect(() => parseWindow(query, now)).toThrow(ParameterError);
    try {
      parseWindow(query, now);
    } catch (error) {
      expect((error as ParameterError).parameter).toBe(parameter);
    }
  });
});

describe('parseLimit', () => {
  const cases: [raw: string | undefined, expected: number | 'error'][] = [
    [undefined, 10],
    ['1', 1],
    ['100', 100],
    ['0', 'error'],
    ['101', 'error'],
    ['abc', 'error'],
    ['1.5', 'error'],
    ['', 'error'],
    ['-1', 'error'],
    ['0010', 'error'],
  ];
  it.each(cases)('%j → %s', (raw, expected) => {
    if (expected === 'error') expect(() => parseLimit(raw)).toThrow('limit must be an integer from 1 to 100');
    else expect(parseLimit(raw)).toBe(expected);
  });
});

describe('parseId', () => {
  it('accepts any text up to 256 characters and rejects empty or longer ids', () => {
    expect(parseId('id', 'é'.repeat(256))).toHaveLength(256);
    expect(() => parseId('id', '')).toThrow('id is required');
    expect(() => parseId('id', 'x'.repeat(257))).toThrow('id is longer than 256 characters');
  });
});
