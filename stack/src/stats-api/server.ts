import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { init, type Meterline, type MeterlineOptions } from '@meterline/sdk';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';
import type { StatsApiConfig } from './config.ts';
import { LogsBackend } from './logs-backend.ts';
import { SourceResolver } from './sources.ts';
import { SummaryIndex } from './summaries/summary-index.ts';

export interface RunningStatsApi {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the stats API over HTTP, instrumented with the SDK (service `meterline/stats-api`; the exporter
 * follows the OTEL_* / METERLINE_* variables). Pass `telemetry: false` to run without it.
 */
export async function startStatsApi(
  config: StatsApiConfig,
  telemetry: MeterlineOptions | false = {},
): Promise<RunningStatsApi> {
  const meterline: Meterline | undefined =
    telemetry === false
      ? undefined
      : init({ serviceName: 'stats-api', serviceNamespace: 'meterline', traces: false, ...telemetry });
  const backend = new Backend({ url: config.backendUrl, timeoutMillis: config.backendTimeoutMillis });
  const summaries = config.summaries
    ? new SummaryIndex({
        backend,
        resolver: new SourceResolver(backend),
        sources: config.sources,
        settleMillis: config.summarySettleMillis,
        retentionMillis: config.retentionMillis,
      })
    : undefined;
  const app = createStatsApi({
    backend,
    summaries,
    ...(config.logsUrl === undefined
      ? {}
      : { logs: new LogsBackend({ url: config.logsUrl, timeoutMillis: config.backendTimeoutMillis }) }),
    bearerToken: config.bearerToken,
    sources: config.sources,
    meterline,
    cacheTtlMillis: config.cacheTtlMillis,
  });
  const listening = new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(started),
    );
    // Without a listener, a taken port crashes the process with a stack trace instead of this message.
    started.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`)),
    );
  });
  const server = await listening.catch(async (error: unknown) => {
    await meterline?.shutdown();
    throw error;
  });
  // Built in the background: until they cover a source, its views are answered from the back end.
  summaries?.start();
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      await summaries?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await meterline?.shutdown();
    },
  };
}
