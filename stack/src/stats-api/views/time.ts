// Instants as the answers print them, and durations that agree with what they print.

/** Unix seconds as RFC 3339, to the millisecond. */
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
