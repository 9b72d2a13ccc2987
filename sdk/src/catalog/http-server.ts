import { REQUEST_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

// One metric under the HTTP server semantic convention, from two recorders: OpenTelemetry's HTTP
// instrumentation in any service (through Meterline's registered MeterProvider, with its own buckets),
// and the stats API, which records it through Meterline with these buckets and its answer-cache result.
// The service-overview and stack-health dashboards tell them apart by job.

/** HTTP servers' requests. */
export const httpServer = {
  requestDuration: defineMetric({
    name: 'http.server.request.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of HTTP server requests, by method, status code and route where one is named (its count is the request count); the stats API adds meterline.cache.result to views answered 200: hit (served from the answer cache or shared with an identical request in flight) or miss.',
    attributes: [
      'http.request.method',
      'http.response.status_code',
      'http.route',
      'error.type',
      'url.scheme',
      'network.protocol.version',
      'meterline.cache.result',
    ],
    boundaries: REQUEST_SECONDS,
    source: 'meterline',
  }),
};
