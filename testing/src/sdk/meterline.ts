import { init, type Meterline } from '@meterline/sdk';

/** A Meterline that exports to memory, with no runtime metrics and no environment, for exact assertions. */
export function memoryMeterline(): Meterline {
  return init({
    exporter: 'memory',
    runtimeMetrics: false,
    serviceName: 'test',
    serviceInstanceId: 'test-1',
    env: {},
  });
}
