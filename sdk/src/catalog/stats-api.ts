import { REQUEST_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

/** The stats API's own requests, under the HTTP server semantic convention. */
export const statsApi = {
  requestDuration: defineMetric({
    name: 'http.server.request.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of stats API requests, by route, method and status code (its count is the request count); views answered 200 also by meterline.cache.result: hit (served from the answer cache or shared with an identical request in flight) or miss.',
    attributes: ['http.route', 'http.request.method', 'http.response.status_code', 'meterline.cache.result'],
    boundaries: REQUEST_SECONDS,
    source: 'meterline',
  }),
};
