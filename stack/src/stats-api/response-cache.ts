export interface ResponseCacheOptions {
  /** How long an answer is served again; 0 computes every request. */
  ttlMillis: number;
  /** Answers kept at most; the least recently used goes first. Default 1000. */
  maxEntries?: number;
  /** The clock, in ms; tests move it. Default `performance.now`. */
  now?: () => number;
}

/** An answer; `shared` if another request computed it, `ageMillis` since that computation finished. */
export interface Cached<T> {
  value: T;
  shared: boolean;
  ageMillis: number;
}

interface Entry<T> {
  /** When its queries went out: the TTL runs from here, as the answer describes the data of then. */
  startedAt: number;
  value: Promise<T>;
  doneAt?: number;
}

/**
 * Recent answers by request, so that dashboards and people looking at the same organization share one
 * evaluation in VictoriaMetrics instead of queueing behind each other's. Identical requests that arrive
 * while an answer is being computed wait for that computation; failures are never kept.
 */
export class ResponseCache<T> {
  private readonly ttlMillis: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry<T>>();

  constructor({ ttlMillis, maxEntries = 1000, now = () => performance.now() }: ResponseCacheOptions) {
    if (!Number.isInteger(ttlMillis) || ttlMillis < 0) {
      throw new Error(`ttlMillis must be a non-negative integer, got ${ttlMillis}`);
    }
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new Error(`maxEntries must be a positive integer, got ${maxEntries}`);
    }
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  /**
   * The answer for `key`: a kept one younger than the TTL, the one being computed, or `compute()`'s.
   * `fresh` skips the kept answer (a client's `Cache-Control: no-cache`) and keeps the new one.
   */
  async get(key: string, compute: () => Promise<T>, { fresh = false } = {}): Promise<Cached<T>> {
    if (this.ttlMillis === 0) return { value: await compute(), shared: false, ageMillis: 0 };
    const now = this.now();
    const kept = this.entries.get(key);
    if (!fresh && kept !== undefined && now - kept.startedAt < this.ttlMillis) {
      // Most recently used goes last, so eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, kept);
      const value = await kept.value;
      return { value, shared: true, ageMillis: Math.round(this.now() - (kept.doneAt ?? this.now())) };
    }
    const entry: Entry<T> = { startedAt: now, value: compute() };
    entry.value.then(
      () => {
        entry.doneAt = this.now();
      },
      () => {},
    );
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    try {
      return { value: await entry.value, shared: false, ageMillis: 0 };
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }
}
