// For tests only: summaries built up to a pinned clock, before the first view is asked.
import type { Backend } from '../backend.ts';
import { SOURCE_IDS, SourceResolver } from '../sources.ts';
import { SummaryIndex } from './summary-index.ts';

/** Summaries of every source up to `now()`, nothing left to settle: the data is all in before the views. */
export async function caughtUpSummaries(backend: Backend, now: () => number): Promise<SummaryIndex> {
  const summaries = new SummaryIndex({
    backend,
    resolver: new SourceResolver(backend),
    sources: SOURCE_IDS,
    settleMillis: 0,
    now,
  });
  await summaries.catchUp();
  return summaries;
}
