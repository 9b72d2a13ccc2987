import { availableParallelism } from 'node:os';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { metrics } from './catalog/catalog.ts';
import { SDK_NAME, SDK_VERSION } from './version.ts';

/**
 * Runtime metrics: event loop, GC and heap from @opentelemetry/instrumentation-runtime-node; process CPU,
 * memory and uptime from Node's own counters (process.cpuUsage, process.memoryUsage.rss), which is all
 * the deprecated host-metrics package read them from, without its systeminformation dependency.
 * Returns a function that stops them.
 */
export function startRuntimeMetrics(meterProvider: MeterProvider): () => void {
  const runtime = new RuntimeNodeInstrumentation();
  runtime.setMeterProvider(meterProvider);
  runtime.enable();
  const { processMemoryUsage, processCpuTime, processCpuUtilization, processUptime } = metrics.runtime;
  const meter = meterProvider.getMeter(SDK_NAME, SDK_VERSION);
  const options = (definition: { description: string; unit: string }) => ({
    description: definition.description,
    unit: definition.unit,
  });
  meter
    .createObservableGauge(processMemoryUsage.name, options(processMemoryUsage))
    .addCallback((result) => result.observe(process.memoryUsage.rss()));
  meter.createObservableCounter(processCpuTime.name, options(processCpuTime)).addCallback((result) => {
    const { user, system } = process.cpuUsage();
    result.observe(user / 1e6, { 'cpu.mode': 'user' });
    result.observe(system / 1e6, { 'cpu.mode': 'system' });
  });
  let previous = { at: performance.now(), usage: process.cpuUsage() };
  meter
    .createObservableGauge(processCpuUtilization.name, options(processCpuUtilization))
    .addCallback((result) => {
      const now = { at: performance.now(), usage: process.cpuUsage() };
      const availableMicros = (now.at - previous.at) * 1000 * availableParallelism();
      if (availableMicros > 0) {
        const { user, system } = process.cpuUsage(previous.usage);
        result.observe(user / availableMicros, { 'cpu.mode': 'user' });
        result.observe(system / availableMicros, { 'cpu.mode': 'system' });
      }
      previous = now;
    });
  meter
    .createObservableGauge(processUptime.name, options(processUptime))
    .addCallback((result) => result.observe(process.uptime()));
  return () => runtime.disable();
}
