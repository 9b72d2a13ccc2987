import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeWriteRequest, memoryMeterline, VictoriaMetrics } from '@meterline/testing';
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { uncompressSync } from 'snappy';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportObservation } from '../export-observer.ts';
import { RemoteWriteExporter, type RemoteWriteOptions } from './remote-write-exporter.ts';

async function sampleExport(): Promise<ResourceMetrics> {
  const ml = memoryMeterline();
  ml.tasks.runs.add(2, { 'task.name': 'build', 'task.outcome': 'success' });
  const collected = await ml.collect();
  await ml.shutdown();
  return collected;
}

function exportOnce(exporter: RemoteWriteExporter, metrics: ResourceMetrics): Promise<number> {
  return new Promise((resolve) => exporter.export(metrics, (result) => resolve(result.code)));
}

/** Captures diagnostics the SDK logs while a test runs. */
function captureDiagnostics(): string[] {
  const messages: string[] = [];
  const keep = (message: string) => messages.push(message);
  const logger: DiagLogger = { error: keep, warn: keep, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return messages;
}

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** An HTTP server answering remote-write requests with the given statuses in turn (then 204). */
async function receiver(statuses: number[]): Promise<{ url: string; requests: Received[]; server: Server }> {
  const requests: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks) });
      const status = statuses.shift() ?? 204;
      response.writeHead(status).end(status >= 400 ? `reason for ${status}` : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`, requests, server };
}

const fastRetry: Partial<RemoteWriteOptions> = { initialBackoffMillis: 20, maxBackoffMillis: 40 };

describe('RemoteWriteExporter', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
    diag.disable();
  });

  const statuses: [what: string, replies: number[], attempts: number, result: ExportResultCode][] = [
    ['204 is sent once', [204], 1, ExportResultCode.SUCCESS],
    ['200 is sent once', [200], 1, ExportResultCode.SUCCESS],
    ['400 is dropped without retry', [400], 1, ExportResultCode.FAILED],
    ['404 is dropped without retry', [404], 1, ExportResultCode.FAILED],
    ['401 is dropped without retry', [401], 1, ExportResultCode.FAILED],
    ['429 is retried', [429, 204], 2, ExportResultCode.SUCCESS],
    ['500 is retried', [500, 204], 2, ExportResultCode.SUCCESS],
    ['503 twice is retried twice', [503, 503, 204], 3, ExportResultCode.SUCCESS],
  ];
  it.each(statuses)('%s', async (_what, replies, attempts, result) => {
    const target = await receiver([...replies]);
    server = target.server;
    const exporter = new RemoteWriteExporter({ url: target.url, ...fastRetry });
    expect(await exportOnce(exporter, await sampleExport())).toBe(result);
    expect(target.requests).toHaveLength(attempts);
    await exporter.shutdown();
  });

  it('sends a snappy-compressed protobuf WriteRequest with the remote-write headers and auth', async () => {
    const target = await receiver([]);
    server = target.server;
    const exporter = new RemoteWriteExporter({
      url: target.url,
      bearerToken: 'secret',
      headers: { 'X-Scope-OrgID': 'team-a' },
    });
    await exportOnce(exporter, await sampleExport());
    const [request] = target.requests;
    expect(request?.headers).toMatchObject({
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': '@meterline/sdk/0.1.0',
      authorization: 'Bearer secret',
      'x-scope-orgid': 'team-a',
    });
    const { timeseries } = decodeWriteRequest(uncompressSync(request?.body as Buffer) as Buffer);
    const runs = timeseries.find((series) => series.labels.some((l) => l.value === 'task_runs_total'));
    expect(runs?.labels.map((l) => l.name)).toEqual([
      '__name__',
      'instance',
      'job',
      'task_name',
      'task_outcome',
    ]);
    expect(runs?.samples.map((s) => s.value)).toEqual([2]);
    await exporter.shutdown();
  });

  it('sends basic auth', async () => {
    const target = await receiver([]);
    server = target.server;
    const exporter = new RemoteWriteExporter({
      url: target.url,
      basicAuth: { username: 'vm', password: 'pw' },
    });
    await exportOnce(exporter, await sampleExport());
    expect(target.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('vm:pw').toString('base64')}`,
    );
    await exporter.shutdown();
  });

  it('drops a batch sent to a wrong path of a real VictoriaMetrics with one diagnostic naming the reason', async () => {
    const vm = await VictoriaMetrics.start();
    try {
      const messages = captureDiagnostics();
      const observations: ExportObservation[] = [];
      const exporter = new RemoteWriteExporter({
        url: `${vm.url}/api/v1/wrong`,
        observer: (o) => observations.push(o),
        ...fastRetry,
      });
      const metrics = await sampleExport();
      for (let i = 0; i < 5; i++) expect(await exportOnce(exporter, metrics)).toBe(ExportResultCode.FAILED);
      expect(observations.filter((o) => o.outcome === 'failed')).toHaveLength(5);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        /dropped a batch: HTTP 400: .*unsupported path requested: "\/api\/v1\/wrong"/,
      );
      await exporter.shutdown();
    } finally {
      await vm.destroy();
    }
  });

  it('retries an unreachable port with growing backoff, holding at most two batches, and shuts down in time', async () => {
    const observations: ExportObservation[] = [];
    const exporter = new RemoteWriteExporter({
      url: 'http://127.0.0.1:1/api/v1/write',
      initialBackoffMillis: 20,
      maxBackoffMillis: 320,
      shutdownTimeoutMillis: 500,
      observer: (o) => observations.push(o),
    });
    const metrics = await sampleExport();
    const results: Promise<number>[] = [];
    for (let i = 0; i < 20; i++) {
      results.push(exportOnce(exporter, metrics));
      expect(exporter.pendingBatches).toBeLessThanOrEqual(2);
      await sleep(50);
    }
    const attempts = observations.filter((o) => o.outcome === 'failed').length;
    // 1 s of retries with backoff 20, 40, 80, 160, 320, 320 ms (± jitter): far fewer than a retry storm.
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(attempts).toBeLessThanOrEqual(12);
    const started = Date.now();
    await exporter.shutdown();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(new Set(await Promise.all(results))).toEqual(new Set([ExportResultCode.FAILED]));
    expect(exporter.pendingBatches).toBe(0);
  });
});
