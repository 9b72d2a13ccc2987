import { HostMetrics } from '@opentelemetry/host-metrics';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { metrics } from './catalog/catalog.ts';
import { SDK_NAME, SDK_VERSION } from './version.ts';

/**
 * Runtime metrics from the OpenTelemetry packages that maintain them (event loop, GC, heap from
 * instrumentation-runtime-node; process CPU and memory from host-metrics), plus `process.uptime`,
 * which neither reports. Returns a function that stops them.
 */
export function startRuntimeMetrics(meterProvider: MeterProvider): () => void {
  const runtime = new RuntimeNodeInstrumentation();
  runtime.setMeterProvider(meterProvider);
  runtime.enable();
  new HostMetrics({ meterProvider, name: SDK_NAME, metricGroups: ['process.cpu', 'process.memory'] }).start();
  const uptime = metrics.runtime.processUptime;
  meterProvider
    .getMeter(SDK_NAME, SDK_VERSION)
    .createObservableGauge(uptime.name, { description: uptime.description, unit: uptime.unit })
    .addCallback((result) => result.observe(process.uptime()));
  return () => runtime.disable();
}
