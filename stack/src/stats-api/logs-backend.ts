import { BackendResponseError, backendRequest } from './backend.ts';

/**
 * A value as a LogsQL quoted string: the only way a request's text enters a LogsQL query. LogsQL reads
 * double-quoted strings with Go's escapes, of which JSON's are a subset (JSON.stringify escapes `"`, `\`
 * and control characters, and a decoded URL holds no lone surrogates), so the value stays one literal
 * whatever it contains: quotes, pipes, `*`, newlines.
 */
export function logsqlString(value: string): string {
  return JSON.stringify(value);
}

/** One log record: its time (RFC 3339), message and every other field, as VictoriaLogs stores them. */
export interface LogRecord {
  time: string;
  message: string;
  fields: Record<string, string>;
}

export interface LogsBackendOptions {
  /** VictoriaLogs' base URL: `http://victorialogs:9428` (single node), or a cluster's vlselect. */
  url: string;
  /** Limit for one request. Default 10000. */
  timeoutMillis?: number;
  /** Sees every query sent; the tests use it to check what hostile input did to a query. */
  onQuery?: (query: string) => void;
}

/** VictoriaLogs' LogsQL API, for the events Meterline's collector writes there. */
export class LogsBackend {
  readonly url: string;
  private readonly timeoutMillis: number;
  private readonly onQuery: ((query: string) => void) | undefined;

  constructor({ url, timeoutMillis = 10_000, onQuery }: LogsBackendOptions) {
    this.url = url.replace(/\/+$/, '');
    this.timeoutMillis = timeoutMillis;
    this.onQuery = onQuery;
  }

  /** The records a LogsQL query returns between `start` and `end` (Unix seconds), in its order. */
  async query(query: string, start: number, end: number): Promise<LogRecord[]> {
    this.onQuery?.(query);
    const path = '/select/logsql/query';
    const context = `LogsQL ${JSON.stringify(query)} at ${this.url}${path}`;
    const { status, text } = await backendRequest(
      `${this.url}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          query,
          start: new Date(start * 1000).toISOString(),
          end: new Date(end * 1000).toISOString(),
        }).toString(),
      },
      { context, timeoutMillis: this.timeoutMillis, backend: 'logs' },
    );
    if (status !== 200)
      throw new BackendResponseError(`${context}: HTTP ${status} ${text.slice(0, 300)}`, 'logs');
    try {
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const { _time, _msg, _stream, _stream_id, ...fields } = JSON.parse(line) as Record<string, string>;
          return { time: _time ?? '', message: _msg ?? '', fields };
        });
    } catch {
      throw new BackendResponseError(`${context}: not JSON lines: ${text.slice(0, 300)}`, 'logs');
    }
  }
}
