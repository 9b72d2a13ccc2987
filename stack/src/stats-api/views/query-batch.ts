import type { VectorSample } from '../backend.ts';
import type { ViewContext } from './measures.ts';

/**
 * Queries a view sends together. `add` returns a reader for the query's answer, which can be called once
 * `run` has resolved.
 *
 * `oneRequest` sends them as one union, or as few as the back end's query length allows
 * ({@link Backend.queryAll}); otherwise they go out as concurrent requests. Measured on VictoriaMetrics
 * 1.79 and 1.131 (BENCHMARKS.md): a session's queries touch a few series each, so one request costs less
 * CPU on both sides than eleven; a user's or organization's queries scan thousands of series each, and
 * concurrent requests finish sooner and cost VictoriaMetrics less CPU than a union, whose parts it
 * evaluates one after another.
 */
export class QueryBatch {
  private readonly ctx: ViewContext;
  private readonly oneRequest: boolean;
  private readonly queries: string[] = [];
  private answers: VectorSample[][] | undefined;

  constructor(ctx: ViewContext, { oneRequest }: { oneRequest: boolean }) {
    this.ctx = ctx;
    this.oneRequest = oneRequest;
  }

  add(query: string): () => VectorSample[] {
    const index = this.queries.push(query) - 1;
    return () => {
      if (this.answers === undefined) throw new Error(`read before the batch ran: ${query}`);
      return this.answers[index] as VectorSample[];
    };
  }

  async run(): Promise<void> {
    const { backend, window } = this.ctx;
    this.answers = this.oneRequest
      ? await backend.queryAll(this.queries, window.end)
      : await Promise.all(this.queries.map((query) => backend.query(query, window.end)));
  }
}
