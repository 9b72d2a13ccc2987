import type { DataPoint, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** The data points a collection holds for one metric name (empty when absent). */
export function pointsOf<T = number>(collected: ResourceMetrics, name: string): DataPoint<T>[] {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name === name) return metric.dataPoints as DataPoint<T>[];
    }
  }
  return [];
}

/** `{ attributes-as-JSON: value }` for a metric, for exact comparisons independent of point order. */
export function valuesOf<T = number>(collected: ResourceMetrics, name: string): Record<string, T> {
  return Object.fromEntries(
    pointsOf<T>(collected, name).map((point) => [JSON.stringify(point.attributes), point.value]),
  );
}
