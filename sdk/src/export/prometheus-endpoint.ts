import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { AggregationTemporality, type MetricProducer, MetricReader } from '@opentelemetry/sdk-metrics';
import { convert } from './remote-write/time-series.ts';

export interface PrometheusEndpointOptions {
  host: string;
  port: number;
  metricProducers?: MetricProducer[];
  /** Called after each successful scrape, as an export success is. */
  onScraped?: () => void;
}

// The scraper names the target: these come from its configuration, not from the exposition.
const SCRAPER_LABELS = new Set(['job', 'instance']);

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * The `prometheus` exporter: serves `GET /metrics` in the Prometheus text format for a scraper to pull.
 * The series are made by the same conversion as remote write, so a scraping user sees exactly the names
 * and labels of the other paths; `job` and `instance` come from the scrape configuration instead.
 */
export class PrometheusEndpoint extends MetricReader {
  private readonly server: Server;
  private readonly onScraped: () => void;
  /** Resolves once the endpoint listens; rejects if it cannot (the port is taken). */
  readonly listening: Promise<void>;

  constructor({ host, port, metricProducers, onScraped = () => {} }: PrometheusEndpointOptions) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers });
    this.onScraped = onScraped;
    this.server = createServer((request, response) => void this.respond(request, response));
    this.listening = new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.listening.catch((error: Error) =>
      diag.error(
        `@meterline/sdk: the prometheus exporter cannot listen on ${host}:${port}: ${error.message}`,
      ),
    );
    // A scrape endpoint must not keep a finished process alive.
    this.server.unref();
  }

  /** Where to scrape, once listening. */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`;
  }

  protected async onForceFlush(): Promise<void> {}

  protected async onShutdown(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: scrape /metrics\n');
      return;
    }
    try {
      const { resourceMetrics, errors } = await this.collect();
      for (const error of errors) diag.warn('@meterline/sdk: prometheus exporter: collection error', error);
      const lines: string[] = [];
      convert(resourceMetrics, {
        series(labels, value) {
          let name = '';
          const pairs: string[] = [];
          for (let i = 0; i < labels.count; i++) {
            const label = labels.name(i);
            if (label === '__name__') name = labels.value(i);
            else if (!SCRAPER_LABELS.has(label))
              pairs.push(`${label}="${escapeLabelValue(labels.value(i))}"`);
          }
          lines.push(`${name}${pairs.length === 0 ? '' : `{${pairs.join(',')}}`} ${formatValue(value)}`);
        },
      });
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
      this.onScraped();
    } catch (error) {
      diag.error('@meterline/sdk: prometheus exporter: scrape failed', error);
      response.writeHead(500, { 'content-type': 'text/plain' }).end('collection failed\n');
    }
  }
}
