import { init, type Meterline } from '@meterline/sdk';

/**
 * A Meterline that exports to memory, with no runtime metrics and no environment, for exact assertions.
 * It leaves the diagnostics logger as the test set it (tests read `droppedRecordings`, or capture).
 */
export function memoryMeterline(): Meterline {
  return init({
    exporter: 'memory',
    logLevel: 'none',
    runtimeMetrics: false,
    serviceName: 'test',
    serviceInstanceId: 'test-1',
    env: {},
  });
}
