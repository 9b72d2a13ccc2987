import type { Backend } from '../backend.ts';
import type { Window } from '../params.ts';
import type { ResolvedSource } from '../sources.ts';

/** What every query of one view shares. */
export interface ViewContext {
  backend: Backend;
  source: ResolvedSource;
  window: Window;
}

/** Label matchers that select a session, a user or an organization. */
export type Scope = Readonly<Record<string, string>>;

/** Thrown when the id has no data in the window: answered with 404. */
export class NotFoundError extends Error {}

/** Values are sums of floating-point counters; nine decimals keep them exact to well below a cent. */
export function round(value: number): number {
  return Number(value.toFixed(9));
}

export function iso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/**
 * The seconds between two instants as {@link iso} prints them: a difference of whole milliseconds, so a
 * session from 12:00:00.123 to 12:00:00.404 lasts 0.281 s, not the 0.280999899 that subtracting the Unix
 * seconds as floats gives.
 */
export function secondsBetween(first: number, last: number): number {
  return (Math.round(last * 1000) - Math.round(first * 1000)) / 1000;
}

export function queryWindow(window: Window): { start: string; end: string } {
  return { start: iso(window.start), end: iso(window.end) };
}

/** The window as a PromQL range. */
export function range({ start, end }: Window): string {
  return `${Math.max(1, Math.round((end - start) * 1000))}ms`;
}
