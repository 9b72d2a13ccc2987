import { init, type MeterlineOptions } from '@meterline/sdk';
import { Collector, lastValues, recordEveryInstrument, VictoriaMetrics } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The proof that docs/design.md §3 holds: the same recordings sent over OTLP through the real collector and
// straight to VictoriaMetrics by the SDK's remote-write exporter end as the same series.

describe('the OTLP path through the collector and the direct remote-write path', () => {
  let viaCollector: VictoriaMetrics;
  let direct: VictoriaMetrics;
  let collector: Collector;

  beforeAll(async () => {
    [viaCollector, direct] = await Promise.all([VictoriaMetrics.start(), VictoriaMetrics.start()]);
    collector = await Collector.start({ remoteWriteUrl: viaCollector.writeUrl });
  }, 60_000);
  afterAll(async () => {
    await collector?.stop();
    await Promise.all([viaCollector?.destroy(), direct?.destroy()]);
  });

  const resource: MeterlineOptions = {
    serviceName: 'parity',
    serviceNamespace: 'meterline',
    serviceInstanceId: 'i-1',
    resourceAttributes: { 'deployment.environment.name': 'test', 'host.name': 'box-1' },
    runtimeMetrics: false,
    traces: false,
    env: {},
  };

  it('produces the same series, labels and values, target_info included', async () => {
    const otlp = init({ ...resource, otlpProtocol: 'grpc', otlpEndpoint: collector.grpcEndpoint });
    const remoteWrite = init({
      ...resource,
      exporter: 'remote-write',
      remoteWrite: { url: direct.writeUrl },
    });
    const expected = recordEveryInstrument(otlp);
    recordEveryInstrument(remoteWrite);
    await Promise.all([otlp.shutdown(), remoteWrite.shutdown()]);

    const selector = '{job="meterline/parity",__name__!~"meterline_export.*"}';
    const fromDirect = await direct.export(selector);
    const fromCollector = await (async () => {
      for (let attempt = 0; ; attempt++) {
        const series = await viaCollector.export(selector);
        if (series.length >= fromDirect.length || attempt > 50) return series;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const labelsOf = (series: typeof fromDirect) =>
      series.map((s) => s.metric).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(labelsOf(fromCollector)).toEqual(labelsOf(fromDirect));
    const values = lastValues(fromCollector);
    delete values[Object.keys(values).find((k) => k.startsWith('target_info')) as string];
    expect(values).toEqual(expected);
  });
});
