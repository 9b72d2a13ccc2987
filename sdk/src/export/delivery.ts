import { setTimeout as sleep } from 'node:timers/promises';
import { Diagnostics } from '../diagnostics.ts';

/**
 * The part of a failure reason before its first colon (`HTTP 400`, `ECONNREFUSED`): diagnostics are
 * rate-limited per kind, because the rest of a reason (a client port, a timestamp) changes every time.
 */
function kindOf(reason: string): string {
  return reason.split(':', 1)[0] ?? reason;
}

/** What one send attempt came to. */
export type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

export interface DeliveryOptions {
  /** Delay before the first retry; doubles per retry. Default 500. */
  initialBackoffMillis?: number;
  /** Longest delay between retries. Default 30000. */
  maxBackoffMillis?: number;
  /** Stop retrying a batch after this long, as the collector does. Default 300000 (5 minutes). */
  maxElapsedMillis?: number;
}

/** Called once per batch: with nothing when it was delivered, else with why it was not. */
export type Done = (failure?: string) => void;

interface Batch<P> {
  payload: P;
  done: Done;
  firstAttemptMillis: number;
}

/**
 * Sends batches one at a time and retries transient failures with exponential backoff and jitter. With
 * cumulative temporality a newer batch carries everything an older one did, so a batch that arrives
 * while another is retrying replaces the waiting one: at most two batches are held however long the back
 * end is down.
 */
export class Delivery<P> {
  private readonly send: (payload: P, signal: AbortSignal) => Promise<Attempt>;
  private readonly what: string;
  private readonly diagnostics = new Diagnostics();
  private readonly initialBackoffMillis: number;
  private readonly maxBackoffMillis: number;
  private readonly maxElapsedMillis: number;
  private current: Batch<P> | undefined;
  private next: Batch<P> | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  // Set at shutdown: each remaining batch gets one attempt, so shutting down never waits out a backoff.
  private retrying = true;
  private readonly stop = new AbortController();
  // Cuts a backoff short at shutdown, so the last attempt happens within the shutdown timeout.
  private readonly wake = new AbortController();

  constructor(
    send: (payload: P, signal: AbortSignal) => Promise<Attempt>,
    /** What is delivered where, for diagnostics: `remote write to http://…`, `OTLP export`. */
    what: string,
    {
      initialBackoffMillis = 500,
      maxBackoffMillis = 30_000,
      maxElapsedMillis = 300_000,
    }: DeliveryOptions = {},
  ) {
    this.send = send;
    this.what = what;
    this.initialBackoffMillis = initialBackoffMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.maxElapsedMillis = maxElapsedMillis;
  }

  /** Batches held right now (in flight or waiting): never more than two. */
  get pending(): number {
    return (this.current ? 1 : 0) + (this.next ? 1 : 0);
  }

  deliver(payload: P, done: Done): void {
    if (this.closed) {
      this.dropped('the exporter is shut down', true);
      done(`${this.what}: the exporter is shut down`);
      return;
    }
    const batch = { payload, done, firstAttemptMillis: Date.now() };
    if (this.current === undefined) {
      this.current = batch;
      this.running = this.run();
      return;
    }
    if (this.next !== undefined) this.supersede(this.next);
    this.next = batch;
  }

  /** Resolves when nothing is left to send, or after `timeoutMillis`. Never rejects. */
  async flush(timeoutMillis: number): Promise<void> {
    if (this.running === undefined) return;
    await Promise.race([this.running, sleep(timeoutMillis, undefined, { ref: false })]);
  }

  /** From now on, a failed attempt is not retried; a backoff in progress ends at once. */
  stopRetrying(): void {
    this.retrying = false;
    this.wake.abort();
  }

  /** Stops accepting batches, makes one last prompt attempt, and gives up after `timeoutMillis`. */
  async shutdown(timeoutMillis: number): Promise<void> {
    this.closed = true;
    this.stopRetrying();
    await this.flush(timeoutMillis);
    this.stop.abort(new Error('exporter shut down'));
    await this.running;
  }

  /**
   * A batch given up. Only permanent failures are reported: a superseded or timed-out batch loses
   * nothing, since the next batch carries its totals.
   */
  private dropped(reason: string, permanent: boolean): void {
    if (permanent) this.diagnostics.drop(`drop:${kindOf(reason)}`, `${this.what} dropped a batch: ${reason}`);
  }

  private supersede(batch: Batch<P>): void {
    this.dropped('replaced by a newer batch', false);
    batch.done(`${this.what}: replaced by a newer batch while retrying`);
  }

  private async run(): Promise<void> {
    let backoff = this.initialBackoffMillis;
    while (this.current !== undefined) {
      const batch = this.current;
      const attempt = await this.attempt(batch.payload);
      if (attempt.ok || !attempt.retry || !this.retrying || this.stop.signal.aborted) {
        if (!attempt.ok) this.dropped(attempt.reason, !attempt.retry);
        batch.done(attempt.ok ? undefined : `${this.what} failed: ${attempt.reason}`);
        this.current = this.next;
        this.next = undefined;
        if (attempt.ok) backoff = this.initialBackoffMillis;
        continue;
      }
      this.diagnostics.drop(
        `retry:${kindOf(attempt.reason)}`,
        `${this.what} failed, retrying: ${attempt.reason}`,
      );
      if (this.next !== undefined) {
        this.supersede(batch);
        this.current = this.next;
        this.next = undefined;
      } else if (Date.now() - batch.firstAttemptMillis >= this.maxElapsedMillis) {
        this.dropped(`still failing after ${this.maxElapsedMillis} ms: ${attempt.reason}`, false);
        batch.done(`${this.what} failed for ${this.maxElapsedMillis} ms: ${attempt.reason}`);
        this.current = undefined;
        break;
      }
      // Equal jitter: half the delay fixed, half random, so many clients do not retry in step.
      const delay = backoff / 2 + (Math.random() * backoff) / 2;
      backoff = Math.min(backoff * 2, this.maxBackoffMillis);
      await sleep(delay, undefined, { signal: this.wake.signal }).catch(() => {});
    }
    this.running = undefined;
  }

  private async attempt(payload: P): Promise<Attempt> {
    try {
      return await this.send(payload, this.stop.signal);
    } catch (error) {
      return { ok: false, retry: true, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
