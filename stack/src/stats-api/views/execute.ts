import type { VectorSample } from '../backend.ts';
import type { ViewContext } from './context.ts';
import type { Plan } from './queries.ts';

/** A plan's answers under the plan's own names; null for a query the source could not make. */
export type Results<P extends Plan> = {
  [K in keyof P]: P[K] extends string ? VectorSample[] : VectorSample[] | null;
};

/**
 * Runs every query of a plan at the window's end. Groups whose value is 0 did nothing in the window (a
 * series seen only before it increases by 0) and are left out.
 *
 * `oneRequest` sends the queries as one union, or as few as the back end's query length allows
 * ({@link Backend.queryAll}); otherwise they go out as concurrent requests. Measured on VictoriaMetrics
 * 1.79 and 1.131 (BENCHMARKS.md): a session's queries touch a few series each, so one request costs less
 * CPU on both sides than eleven; a user's or organization's queries scan thousands of series each, and
 * concurrent requests finish sooner and cost VictoriaMetrics less CPU than a union, whose parts it
 * evaluates one after another.
 */
export async function execute<P extends Plan>(
  { backend, window }: ViewContext,
  plan: P,
  { oneRequest }: { oneRequest: boolean },
): Promise<Results<P>> {
  const entries = Object.entries(plan).filter((entry): entry is [string, string] => entry[1] !== null);
  const queries = entries.map(([, query]) => query);
  const answers = oneRequest
    ? await backend.queryAll(queries, window.end)
    : await Promise.all(queries.map((query) => backend.query(query, window.end)));
  const results: Record<string, VectorSample[] | null> = Object.fromEntries(
    Object.keys(plan).map((name) => [name, null]),
  );
  entries.forEach(([name], i) => {
    results[name] = (answers[i] as VectorSample[]).filter((sample) => sample.value !== 0);
  });
  return results as Results<P>;
}
