import { memoryMeterline, sessionChurn } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Meterline } from '../meterline.ts';

describe('session retirement', () => {
  let ml: Meterline;
  afterEach(() => ml.shutdown());

  // The measured figure is in BENCHMARKS.md; this bound is deliberately generous (kept series would take
  // hundreds of megabytes: 100k sessions × ~40 series).
  it('returns the heap to near its baseline after 100k sessions started and ended', async () => {
    ml = memoryMeterline();
    const growth = await sessionChurn(ml, 100_000);
    expect(ml.liveSessions).toBe(0);
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});
