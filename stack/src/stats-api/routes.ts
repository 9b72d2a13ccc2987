// The stats API's routes: each route's parameters and answers as schemas, from which the app validates
// requests and types its handlers, and the OpenAPI document is generated.
import { createRoute, z } from '@hono/zod-openapi';
import { eventsQuery, idParams, peopleQuery, viewQuery } from './params.ts';
import { Events, OrganizationView, SessionView, UserView } from './view-schemas.ts';

export const ErrorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.string(),
      message: z.string(),
      parameter: z.string().optional().openapi({ description: 'The parameter that is invalid (400).' }),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.output<typeof ErrorBody>;

export const Health = z
  .strictObject({
    status: z.enum(['ok', 'degraded']),
    backend: z.strictObject({
      url: z.string(),
      up: z.boolean(),
      latencyMillis: z.number(),
      error: z.string().optional(),
    }),
    summaries: z
      .record(z.string(), z.strictObject({ from: z.string(), until: z.string(), sessions: z.number() }))
      .optional()
      .openapi({
        description:
          'Per source, the time the per-session summaries cover, (from, until], and the sessions they hold; views ask the back end about the rest. Absent when summaries are off.',
      }),
  })
  .openapi('Health');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errors = {
  400: json(ErrorBody, 'A parameter is invalid; error.parameter names it.'),
  401: json(ErrorBody, 'A bearer token is required.'),
  403: json(ErrorBody, 'The bearer token is not valid.'),
  404: json(ErrorBody, 'No data for this id in the window.'),
  502: json(
    ErrorBody,
    'The back end rejected a query (`backend_unsupported`: the metrics back end does not speak MetricsQL, as Prometheus does not).',
  ),
  503: json(
    ErrorBody,
    'The back end (VictoriaMetrics; VictoriaLogs for events) is unavailable, or no logs back end is configured.',
  ),
  504: json(ErrorBody, 'The back end did not answer in time.'),
};

const cacheControl = z.object({
  'cache-control': z.string().optional().openapi({
    description:
      'no-cache: compute a new answer rather than serve one kept from an identical request (`--cache-ttl-ms`).',
  }),
});
const age = z.object({
  Age: z.int().min(0).optional().openapi({
    description: 'Present when the answer was computed for an identical request: seconds since then.',
  }),
});

const events = (scope: string, path: string, operationId: string) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    summary: `A ${scope}'s events from VictoriaLogs, newest first: Claude Code's api_request, api_error, tool_result… and any service's log records (\`event=api_error\`: recent API errors).`,
    request: { params: idParams, query: eventsQuery },
    responses: { 200: json(Events, 'One page of events.'), ...errors },
  });

const view = <Q extends z.ZodObject, V extends z.ZodType>(
  path: string,
  operationId: string,
  summary: string,
  query: Q,
  answer: V,
) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    summary,
    request: { params: idParams, query, headers: cacheControl },
    responses: { 200: { ...json(answer, 'The view.'), headers: age }, ...errors },
  });

/** The routes of an API answering from `sources`, whose `by` accepts `breakdowns`. */
export function statsRoutes(sources: readonly string[], breakdowns: readonly string[]) {
  const people = peopleQuery(sources, breakdowns);
  return {
    session: view(
      '/api/stats/session/{id}',
      'getSession',
      'Usage of one session.',
      viewQuery(sources),
      SessionView,
    ),
    user: view('/api/stats/user/{id}', 'getUser', 'Usage of one user.', people, UserView),
    organization: view(
      '/api/stats/org/{id}',
      'getOrganization',
      'Usage of one organization.',
      people,
      OrganizationView,
    ),
    sessionEvents: events('session', '/api/stats/session/{id}/events', 'getSessionEvents'),
    userEvents: events('user', '/api/stats/user/{id}/events', 'getUserEvents'),
    organizationEvents: events('organization', '/api/stats/org/{id}/events', 'getOrganizationEvents'),
    health: createRoute({
      method: 'get',
      path: '/api/health',
      operationId: 'getHealth',
      summary: 'Health of the API and of its metrics back end.',
      security: [],
      responses: { 200: json(Health, 'Back end up.'), 503: json(Health, 'Back end down.') },
    }),
    document: createRoute({
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This document.',
      security: [],
      responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3.1 document.') },
    }),
  };
}
