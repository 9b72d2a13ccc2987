import { REQUEST_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

/** The stats API's own requests, under the HTTP server semantic convention. */
export const statsApi = {
  requestDuration: defineMetric({
    name: 'http.server.request.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of stats API requests, by route, method and status code (its count is the request count).',
    attributes: ['http.route', 'http.request.method', 'http.response.status_code'],
    boundaries: REQUEST_SECONDS,
    source: 'meterline',
  }),
};
