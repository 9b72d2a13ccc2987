import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long. Default 15000. */
  timeoutMillis?: number;
  /** Pause between attempts. Default 100. */
  intervalMillis?: number;
}

/**
 * Retries `attempt` until it returns without throwing, and returns its result. Data written to
 * VictoriaMetrics becomes visible after a short delay, so tests poll with a deadline instead of sleeping.
 */
export async function eventually<T>(
  attempt: () => T | Promise<T>,
  { timeoutMillis = 15_000, intervalMillis = 100 }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await sleep(intervalMillis);
    }
  }
}
