import { type Meterline, recordUsage, startSession } from '@meterline/sdk';

/** Forces a full collection; needs `node --expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run node with --expose-gc');
  gc();
  gc();
}

/**
 * Starts and ends `sessions` sessions, each with two usage records, exporting every `exportEvery`
 * sessions as a periodic reader would. Returns the heap growth in bytes once everything is exported.
 */
export async function sessionChurn(
  meterline: Meterline,
  sessions: number,
  exportEvery = 1000,
): Promise<number> {
  await meterline.collect();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < sessions; i++) {
    const ids = { sessionId: `s-${i}`, userId: `u-${i % 1000}`, organizationId: `o-${i % 10}` };
    const session = startSession(meterline, ids);
    for (const model of ['opus', 'haiku']) {
      recordUsage(meterline, {
        ...ids,
        model,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0.01,
        durationSeconds: 0.5,
      });
    }
    session.end();
    if ((i + 1) % exportEvery === 0) await meterline.collect();
  }
  await meterline.collect();
  await meterline.collect();
  collectGarbage();
  return process.memoryUsage().heapUsed - before;
}
