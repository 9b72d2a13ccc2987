import { errors, request } from 'undici';

/** Which back end failed: VictoriaMetrics for the views, VictoriaLogs for the events. */
export type BackendKind = 'metrics' | 'logs';

/** A back end failed; `backend` says which, for the answer's message. */
export class BackendError extends Error {
  readonly backend: BackendKind;
  constructor(message: string, backend: BackendKind = 'metrics') {
    super(message);
    this.backend = backend;
  }
}
/** The back end could not be reached or answered 5xx: answered with 503. */
export class BackendUnavailableError extends BackendError {}
/** The back end did not answer within the configured timeout: answered with 504. */
export class BackendTimeoutError extends BackendError {}
/** The back end rejected a query or answered something unexpected: answered with 502. */
export class BackendResponseError extends BackendError {}
/**
 * The back end does not know a MetricsQL function the views need (Prometheus, say): answered with 502.
 * Exact answers need `increase_pure` and `tfirst_over_time`, which PromQL has no equivalent for.
 */
export class BackendUnsupportedError extends BackendResponseError {}

/** Valid PromQL but for its MetricsQL function: a back end that rejects it cannot serve the views. */
const HEALTH_QUERY = 'increase_pure(meterline_health_probe[1m])';

/** How Prometheus, VictoriaMetrics 1.79 and VictoriaMetrics 1.131 say they do not know a function. */
const UNKNOWN_FUNCTION = /unknown function with name "(\w+)"|(?:unknown func|unsupported function) "(\w+)"/;

/** Tags each part of a {@link Backend.queryAll} union. */
const PART_LABEL = 'meterline_part';

/** One element of an instant vector. */
export interface VectorSample {
  labels: Record<string, string>;
  value: number;
}

export interface BackendOptions {
  /**
   * Prefix of the Prometheus HTTP API: `http://victoriametrics:8428` (single node),
   * `http://vmselect:8481/select/0/prometheus` (cluster, tenant 0), `http://prometheus:9090`.
   */
  url: string;
  /** Limit for one back-end request. Default 10000. */
  timeoutMillis?: number;
  /** Extra headers for every request (authentication to the back end). Default: none. */
  headers?: Record<string, string>;
  /** Sees every query sent; the tests use it to check what hostile input did to a query. */
  onQuery?: (query: string) => void;
  /**
   * The longest query the back end accepts, in bytes: {@link Backend.queryAll} splits its unions to fit.
   * Default 16384, VictoriaMetrics' `-search.maxQueryLen` default.
   */
  maxQueryBytes?: number;
}

/** A Prometheus-compatible HTTP API (VictoriaMetrics single or cluster, Prometheus) reached with undici. */
export class Backend {
  readonly url: string;
  private readonly timeoutMillis: number;
  private readonly headers: Record<string, string>;
  private readonly onQuery: ((query: string) => void) | undefined;
  private readonly maxQueryBytes: number;

  constructor({
    url,
    timeoutMillis = 10_000,
    headers = {},
    onQuery,
    maxQueryBytes = 16_384,
  }: BackendOptions) {
    this.url = url.replace(/\/+$/, '');
    this.timeoutMillis = timeoutMillis;
    this.headers = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
    this.onQuery = onQuery;
    this.maxQueryBytes = maxQueryBytes;
  }

  /** An instant query evaluated at `timeSeconds`. */
  async query(query: string, timeSeconds: number): Promise<VectorSample[]> {
    this.onQuery?.(query);
    const data = (await this.call('/api/v1/query', { query, time: String(timeSeconds) }, query)) as {
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
    if (data.resultType !== 'vector') {
      throw new BackendResponseError(
        `query ${JSON.stringify(query)}: expected a vector, got ${data.resultType}`,
      );
    }
    return data.result.map(({ metric, value }) => ({ labels: metric, value: Number(value[1]) }));
  }

  /**
   * Several instant queries in as few requests as the back end's query length allows: their MetricsQL
   * `union`, each tagged with `label_set`, split again on arrival; unions that would be too long are cut
   * into several, sent concurrently. One round trip instead of one per query: a session view's 11 queries
   * cost VictoriaMetrics and the API about a third less CPU this way (BENCHMARKS.md). No view groups by
   * the tag.
   */
  async queryAll(queries: readonly string[], timeSeconds: number): Promise<VectorSample[][]> {
    const parts = queries.map((): VectorSample[] => []);
    const tagged = queries.map((query, i) => `label_set(${query}, "${PART_LABEL}", "${i}")`);
    const unions: string[][] = [];
    let bytes = Number.POSITIVE_INFINITY;
    for (const part of tagged) {
      const size = Buffer.byteLength(part) + 2;
      if (bytes + size > this.maxQueryBytes) {
        unions.push([]);
        bytes = 'union()'.length;
      }
      unions.at(-1)?.push(part);
      bytes += size;
    }
    const answers = await Promise.all(
      unions.map((union) =>
        this.query(union.length === 1 ? (union[0] as string) : `union(${union.join(', ')})`, timeSeconds),
      ),
    );
    for (const { labels, value } of answers.flat()) {
      const { [PART_LABEL]: part, ...rest } = labels;
      parts[Number(part)]?.push({ labels: rest, value });
    }
    return parts;
  }

  /** Metric names with samples between `start` and `end` (Unix seconds). */
  async metricNames(start: number, end: number): Promise<Set<string>> {
    const data = await this.call(
      '/api/v1/label/__name__/values',
      { start: String(start), end: String(end) },
      'metric names',
      'GET',
    );
    return new Set(data as string[]);
  }

  /** Whether the back end answers a MetricsQL query, and how fast. */
  async health(): Promise<{ up: boolean; latencyMillis: number; error?: string }> {
    const started = performance.now();
    try {
      await this.call('/api/v1/query', { query: HEALTH_QUERY }, 'health check');
      return { up: true, latencyMillis: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        up: false,
        latencyMillis: Math.round(performance.now() - started),
        error: (error as Error).message,
      };
    }
  }

  /** Queries go as POST forms, as long as they need to be; Prometheus serves label values to GET only. */
  private async call(
    path: string,
    params: Record<string, string>,
    what: string,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<unknown> {
    const context = `${what} at ${this.url}${path}`;
    const encoded = new URLSearchParams(params).toString();
    const { status, text } = await backendRequest(
      `${this.url}${path}${method === 'GET' ? `?${encoded}` : ''}`,
      { method, headers: this.headers, ...(method === 'POST' ? { body: encoded } : {}) },
      { context, timeoutMillis: this.timeoutMillis },
    );
    let body: { status?: string; data?: unknown; error?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new BackendResponseError(`${context}: HTTP ${status}, not JSON: ${text.slice(0, 300)}`);
    }
    if (status >= 400 || body.status !== 'success') {
      const reason = body.error ?? text.slice(0, 300);
      const match = UNKNOWN_FUNCTION.exec(reason);
      const unknown = match?.[1] ?? match?.[2];
      if (unknown !== undefined) {
        throw new BackendUnsupportedError(
          `${context}: the back end does not know ${unknown}(), a MetricsQL function: point the stats API at VictoriaMetrics`,
        );
      }
      throw new BackendResponseError(`${context}: HTTP ${status} ${reason}`);
    }
    return body.data;
  }
}

/**
 * One request to a back end: its status and body, 5xx and transport failures thrown as
 * {@link BackendUnavailableError}, no answer in time as {@link BackendTimeoutError}, each message carrying
 * `context` (what was asked, where).
 */
export async function backendRequest(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  {
    context,
    timeoutMillis,
    backend = 'metrics',
  }: { context: string; timeoutMillis: number; backend?: BackendKind },
): Promise<{ status: number; text: string }> {
  let status: number;
  let text: string;
  try {
    const response = await request(url, { ...init, signal: AbortSignal.timeout(timeoutMillis) });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new BackendTimeoutError(`${context}: no answer within ${timeoutMillis} ms`, backend);
    }
    if (
      error instanceof errors.UndiciError ||
      (error as { code?: string }).code !== undefined ||
      error instanceof TypeError
    ) {
      const code =
        (error as { code?: string; cause?: { code?: string } }).cause?.code ??
        (error as { code?: string }).code;
      throw new BackendUnavailableError(`${context}: ${code ?? (error as Error).message}`, backend);
    }
    throw error;
  }
  if (status >= 500)
    throw new BackendUnavailableError(`${context}: HTTP ${status} ${text.slice(0, 300)}`, backend);
  return { status, text };
}
