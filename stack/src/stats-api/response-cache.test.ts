import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache.ts';

/** A cache on a clock the test moves, and a computation that counts its calls. */
function setup(ttlMillis: number, maxEntries?: number) {
  let now = 0;
  const cache = new ResponseCache<string>({ ttlMillis, maxEntries, now: () => now });
  const calls: string[] = [];
  const compute = (key: string) => async () => {
    calls.push(key);
    return `${key}#${calls.length}`;
  };
  const get = (key: string, options?: { fresh?: boolean }) => cache.get(key, compute(key), options);
  return { cache, calls, get, advance: (millis: number) => (now += millis) };
}

describe('ResponseCache', () => {
  it('serves a kept answer until the TTL has passed, with its age', async () => {
    const { get, advance, calls } = setup(10_000);
    expect(await get('org-1')).toEqual({ value: 'org-1#1', shared: false, ageMillis: 0 });
    advance(9_999);
    expect(await get('org-1')).toEqual({ value: 'org-1#1', shared: true, ageMillis: 9_999 });
    advance(1);
    expect(await get('org-1')).toEqual({ value: 'org-1#2', shared: false, ageMillis: 0 });
    expect(calls).toEqual(['org-1', 'org-1']);
  });

  it('computes every request when the TTL is 0', async () => {
    const { get, calls } = setup(0);
    await get('org-1');
    await get('org-1');
    expect(calls).toEqual(['org-1', 'org-1']);
  });

  it('keeps answers per key', async () => {
    const { get, calls } = setup(10_000);
    expect((await get('org-1')).value).toBe('org-1#1');
    expect((await get('org-2')).value).toBe('org-2#2');
    expect((await get('org-1')).value).toBe('org-1#1');
    expect(calls).toEqual(['org-1', 'org-2']);
  });

  it('lets identical requests that arrive during a computation share it', async () => {
    const cache = new ResponseCache<number>({ ttlMillis: 10_000 });
    let calls = 0;
    let release = () => {};
    const compute = () =>
      new Promise<number>((resolve) => {
        calls += 1;
        release = () => resolve(calls);
      });
    const answers = Promise.all([1, 2, 3].map(() => cache.get('org-1', compute)));
    release();
    expect((await answers).map(({ value, shared }) => [value, shared])).toEqual([
      [1, false],
      [1, true],
      [1, true],
    ]);
    expect(calls).toBe(1);
  });

  it('keeps no failure: the requests waiting for it fail with it, the next one computes again', async () => {
    const cache = new ResponseCache<string>({ ttlMillis: 10_000 });
    let fail = true;
    const compute = async () => {
      if (fail) throw new Error('back end down');
      return 'answer';
    };
    const first = cache.get('org-1', compute);
    const joined = cache.get('org-1', compute);
    await expect(first).rejects.toThrow('back end down');
    await expect(joined).rejects.toThrow('back end down');
    fail = false;
    expect((await cache.get('org-1', compute)).value).toBe('answer');
  });

  it('computes again for a fresh request and keeps that answer', async () => {
    const { get, calls } = setup(10_000);
    await get('org-1');
    expect((await get('org-1', { fresh: true })).value).toBe('org-1#2');
    expect((await get('org-1')).value).toBe('org-1#2');
    expect(calls).toEqual(['org-1', 'org-1']);
  });

  it('drops the least recently used answer beyond maxEntries', async () => {
    const { get, calls } = setup(10_000, 2);
    await get('a');
    await get('b');
    await get('a'); // a is now more recent than b
    await get('c'); // evicts b
    await get('a');
    await get('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it.each([
    [{ ttlMillis: -1 }, 'ttlMillis must be a non-negative integer, got -1'],
    [{ ttlMillis: 1.5 }, 'ttlMillis must be a non-negative integer, got 1.5'],
    [{ ttlMillis: 1, maxEntries: 0 }, 'maxEntries must be a positive integer, got 0'],
  ])('rejects %j', (options, message) => {
    expect(() => new ResponseCache(options)).toThrow(message);
  });
});
