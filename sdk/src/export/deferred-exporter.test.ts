import { execFileSync } from 'node:child_process';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { type BatchExporter, DeferredExporter } from './deferred-exporter.ts';

/** An exporter that records what reaches it, loaded after `loadMillis`. */
function recording(loadMillis: number) {
  const calls: string[] = [];
  const exporter: BatchExporter<string> = {
    export: (item, done) => {
      calls.push(`export ${item}`);
      done({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: async () => void calls.push('flush'),
    shutdown: async () => void calls.push('shutdown'),
  };
  const load = () =>
    new Promise<BatchExporter<string>>((resolve) => setTimeout(() => resolve(exporter), loadMillis));
  return { calls, load };
}

const exported = (exporter: DeferredExporter<string>, item: string) =>
  new Promise<ExportResult>((resolve) => exporter.export(item, resolve));

describe('DeferredExporter', () => {
  it('holds calls made while loading, then passes them on in order', async () => {
    const { calls, load } = recording(20);
    const exporter = new DeferredExporter(load);
    const results = Promise.all([exported(exporter, 'a'), exported(exporter, 'b')]);
    await exporter.forceFlush();
    expect((await results).map((result) => result.code)).toEqual([
      ExportResultCode.SUCCESS,
      ExportResultCode.SUCCESS,
    ]);
    await exporter.shutdown();
    expect(calls).toEqual(['export a', 'export b', 'flush', 'shutdown']);
  });

  it('fails each export with the import error, and still flushes and shuts down', async () => {
    const exporter = new DeferredExporter<string>(() => Promise.reject(new Error('Cannot find package')));
    const result = await exported(exporter, 'a');
    expect([result.code, result.error?.message]).toEqual([ExportResultCode.FAILED, 'Cannot find package']);
    await expect(exporter.forceFlush()).resolves.toBeUndefined();
    await expect(exporter.shutdown()).resolves.toBeUndefined();
  });
});

describe('the SDK loads gRPC only for OTLP over gRPC', () => {
  const sdk = new URL('../index.ts', import.meta.url).href;
  // A fresh process, since this one has loaded everything already.
  const grpcLoaded = (exporter: string, env: Record<string, string>) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { init } = await import(${JSON.stringify(sdk)});
         const ml = init({ exporter: ${JSON.stringify(exporter)}, runtimeMetrics: false, env: ${JSON.stringify(env)} });
         await new Promise((resolve) => setTimeout(resolve, 300));
         const { createRequire } = await import('node:module');
         const cache = Object.keys(createRequire(${JSON.stringify(sdk)}).cache);
         console.log(cache.some((path) => path.includes('@grpc/grpc-js')));
         await ml.shutdown();`,
      ],
      { encoding: 'utf8' },
    ).trim();

  it.each([
    ['remote-write', {}, 'false'],
    ['otlp', {}, 'false'],
    ['otlp', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'false'],
    ['otlp', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'true'],
  ])('%s %j: @grpc/grpc-js loaded %s', (exporter, env, loaded) => {
    expect(grpcLoaded(exporter, env)).toBe(loaded);
  });
});
