import { describe, expect, it } from 'vitest';
import { ALL_SECONDS, idParams, ParameterError, parameterError, peopleQuery, windowOf } from './params.ts';

const now = 1_800_000_000;
const query = peopleQuery(['sdk', 'claude-code'], ['model']);

/** What the app does with a request's parameters: validate them, then compute the window. */
function parse(raw: Record<string, string | string[]>) {
  const parsed = query.safeParse(raw);
  if (!parsed.success) throw parameterError(parsed.error, 'query');
  return { ...parsed.data, window: windowOf(parsed.data, now) };
}

/** The parameter a rejected request names. */
function rejected(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return `${(error as ParameterError).parameter}: ${(error as ParameterError).message}`;
  }
  throw new Error('accepted');
}

describe('window', () => {
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
  it.each(valid)('%j', (raw, start, end) => expect(parse(raw).window).toEqual({ start, end }));

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
  it.each(invalid)('rejects %j naming %s', (raw, parameter) => {
    expect(rejected(() => parse(raw)).split(':')[0]).toBe(parameter);
  });
});

describe('limit', () => {
  const cases: [raw: string | string[] | undefined, expected: number | 'error'][] = [
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
    [['1', '2'], 'error'],
  ];
  it.each(cases)('%j → %s', (raw, expected) => {
    const request: Record<string, string | string[]> = raw === undefined ? {} : { limit: raw };
    if (expected === 'error')
      expect(rejected(() => parse(request))).toBe('limit: limit must be an integer from 1 to 100');
    else expect(parse(request).limit).toBe(expected);
  });
});

describe('id', () => {
  it('accepts any text up to 256 characters and rejects empty or longer ids', () => {
    const id = (raw: string) => {
      const parsed = idParams.safeParse({ id: raw });
      if (!parsed.success) throw parameterError(parsed.error, 'param');
      return parsed.data.id;
    };
    expect(id('é'.repeat(256))).toHaveLength(256);
    expect(id('🚀'.repeat(256))).toHaveLength(512);
    expect(rejected(() => id(''))).toBe('id: id is required');
    expect(rejected(() => id('x'.repeat(257)))).toBe('id: id is longer than 256 characters');
  });
});

describe('source and by', () => {
  const cases: [raw: Record<string, string>, expected: string][] = [
    [{ source: 'prometheus' }, 'source: source must be auto or one of sdk, claude-code'],
    [{ by: 'team.id' }, 'by: by must be one of model'],
    [{ by: '' }, 'by: by must be one of model'],
  ];
  it.each(cases)('%j → %s', (raw, expected) => expect(rejected(() => parse(raw))).toBe(expected));
});
