import type { Backend } from '../backend.ts';
import type { Window } from '../params.ts';
import type { ResolvedSource } from '../sources.ts';
import type { SummaryIndex } from '../summaries/summary-index.ts';
import { iso } from './time.ts';

/** What every query of one view shares. */
export interface ViewContext {
  backend: Backend;
  source: ResolvedSource;
  window: Window;
  /** Answers what they cover, the back end the rest; without them every question goes to the back end. */
  summaries?: SummaryIndex;
}

/** Thrown when the id has no data in the window: answered with 404. */
export class NotFoundError extends Error {}

/** Values are sums of floating-point counters; nine decimals keep them exact to well below a cent. */
export function round(value: number): number {
  return Number(value.toFixed(9));
}

export function queryWindow(window: Window): { start: string; end: string } {
  return { start: iso(window.start), end: iso(window.end) };
}
