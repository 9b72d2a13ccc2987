import { createHash, timingSafeEqual } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Meterline } from '@meterline/sdk';
import { metrics } from '@meterline/sdk';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  type Backend,
  BackendError,
  BackendResponseError,
  BackendTimeoutError,
  BackendUnavailableError,
  BackendUnsupportedError,
} from './backend.ts';
import type { LogsBackend } from './logs-backend.ts';
import { openApiDocument } from './openapi.ts';
import { ALL_SECONDS, ParameterError, parameterError, type ViewQuery, windowOf } from './params.ts';
import { ResponseCache } from './response-cache.ts';
import { type ErrorBody, statsRoutes } from './routes.ts';
import { SOURCE_IDS, SOURCES, type SourceId, SourceResolver } from './sources.ts';
import type { SummaryIndex } from './summaries/summary-index.ts';
import { NotFoundError, type ViewContext } from './views/context.ts';
import { type EventScope, eventsView } from './views/events-view.ts';
import { organizationView, userView } from './views/people-view.ts';
import { sessionView } from './views/session-view.ts';

export interface StatsApiOptions {
  backend: Backend;
  /** Where sessions' events are (VictoriaLogs). Default: none, and the events route answers 503. */
  logs?: LogsBackend;
  /** Require `Authorization: Bearer <token>` on the stats routes. Default: no authentication. */
  bearerToken?: string;
  /** Sources to answer from, in the order `source=auto` tries them. Default: both. */
  sources?: readonly SourceId[];
  /** Records requests, errors and latency per route. Default: not instrumented. */
  meterline?: Meterline;
  /**
   * Serve a view's answer again to identical requests for this long, and let identical requests in flight
   * share one computation (a client's `Cache-Control: no-cache` asks for a new one). Default 0: every
   * request is computed, none shared (`meterline stats-api` defaults to 10000).
   */
  cacheTtlMillis?: number;
  /**
   * Per-session summaries that answer what they cover (docs/design.md §8), kept up to date by their own
   * loop. Default: none, every question goes to the back end.
   */
  summaries?: SummaryIndex;
  /** The clock, in Unix seconds; tests pin it. */
  now?: () => number;
}

function error(code: string, message: string, parameter?: string): ErrorBody {
  return { error: { code, message, ...(parameter === undefined ? {} : { parameter }) } };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The stats API as a Hono app: validate parameters, then run the view's queries. */
export function createStatsApi(options: StatsApiOptions): OpenAPIHono {
  const {
    backend,
    logs,
    bearerToken,
    sources = SOURCE_IDS,
    meterline,
    cacheTtlMillis = 0,
    summaries,
    now = () => Date.now() / 1000,
  } = options;
  const resolver = new SourceResolver(backend);
  const breakdowns = [...new Set(sources.flatMap((id) => SOURCES[id].breakdowns))];
  const routes = statsRoutes(sources, breakdowns);
  const cache = new ResponseCache<unknown>({ ttlMillis: cacheTtlMillis });
  const duration = meterline?.instrument(metrics.httpServer.requestDuration);
  // A request the route's schemas reject is a 400 naming the first parameter at fault.
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw parameterError(result.error, result.target);
    },
  });

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const answered = c.res.status === 200 && c.req.routePath.startsWith('/api/stats/');
    duration?.record((performance.now() - started) / 1000, {
      'http.route': c.req.routePath,
      'http.request.method': c.req.method,
      'http.response.status_code': c.res.status,
      // A view's Age header says its answer was computed for another request.
      ...(answered ? { 'meterline.cache.result': c.res.headers.has('age') ? 'hit' : 'miss' } : {}),
    });
  });

  app.use('/api/stats/*', async (c, next) => {
    if (bearerToken === undefined) return next();
    const header = c.req.header('authorization') ?? '';
    if (!header.startsWith('Bearer ')) {
      c.header('WWW-Authenticate', 'Bearer realm="meterline"');
      return c.json(error('unauthorized', 'a bearer token is required'), 401);
    }
    if (!timingSafeEqual(digest(header.slice(7)), digest(bearerToken))) {
      return c.json(error('forbidden', 'the bearer token is not valid'), 403);
    }
    return next();
  });

  // Malformed percent-encoding in the path is a 400, not an id with a literal `%`.
  app.use('/api/stats/*', async (c, next) => {
    decodeURIComponent(c.req.path);
    return next();
  });

  /**
   * Answers a valid view request: resolves `source` (auto tries each configured source that `offers` what
   * is asked) and runs the view for the first with data, or serves the answer kept for the same request.
   * `request` is the view and its parsed parameters, so spellings of one request share an answer.
   */
  async function view<T>(
    c: Context,
    query: ViewQuery,
    request: readonly (string | number)[],
    run: (ctx: ViewContext) => Promise<T>,
    offers: (source: SourceId) => boolean = () => true,
  ) {
    const window = windowOf(query, now());
    const candidates = query.source === 'auto' ? sources.filter(offers) : [query.source as SourceId];
    const compute = async () => {
      let notFound: NotFoundError | undefined;
      for (const id of candidates) {
        try {
          return await run({ backend, window, source: await resolver.resolve(id), summaries });
        } catch (caught) {
          if (!(caught instanceof NotFoundError)) throw caught;
          notFound = caught;
        }
      }
      throw notFound ?? new NotFoundError('no data in the window');
    };
    // What shapes the answer: a fixed range by its instants; a range ending now by its start or its
    // length, so `window=24h` asked twice is one key however `now` moved.
    const range =
      query.end !== undefined
        ? [window.start, window.end]
        : query.start !== undefined
          ? ['since', window.start]
          : (query.window ?? ALL_SECONDS);
    const key = JSON.stringify([...request, range, query.source]);
    const fresh = /(^|,)\s*no-cache\s*(,|$)/i.test(c.req.header('cache-control') ?? '');
    const answer = await cache.get(key, compute, { fresh });
    if (answer.shared) c.header('Age', String(Math.floor(answer.ageMillis / 1000)));
    return c.json(answer.value as T, 200);
  }

  app.openapi(routes.session, async (c) => {
    const { id } = c.req.valid('param');
    return view(c, c.req.valid('query'), ['session', id], (ctx) => sessionView(ctx, id));
  });

  for (const [scope, route] of [
    ['session', routes.sessionEvents],
    ['user', routes.userEvents],
    ['organization', routes.organizationEvents],
  ] as const satisfies readonly (readonly [EventScope, unknown])[]) {
    app.openapi(route, async (c) => {
      const { id } = c.req.valid('param');
      const { event, limit, offset, ...range } = c.req.valid('query');
      const window = windowOf(range, now());
      if (logs === undefined) throw new LogsNotConfiguredError();
      return c.json(await eventsView(logs, scope, id, { window, event, limit, offset }), 200);
    });
  }

  // `auto` tries only the sources that offer the breakdown asked for.
  const offersBy = (by: string | undefined) => (source: SourceId) =>
    by === undefined || SOURCES[source].breakdowns.includes(by);

  app.openapi(routes.user, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const { limit, by } = query;
    return view(c, query, ['user', id, limit, by ?? ''], (ctx) => userView(ctx, id, limit, by), offersBy(by));
  });

  app.openapi(routes.organization, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const { limit, by } = query;
    return view(
      c,
      query,
      ['organization', id, limit, by ?? ''],
      (ctx) => organizationView(ctx, id, limit, by),
      offersBy(by),
    );
  });

  app.openapi(routes.health, async (c) => {
    const health = await backend.health();
    const body = {
      status: health.up ? ('ok' as const) : ('degraded' as const),
      backend: {
        url: backend.url,
        up: health.up,
        latencyMillis: health.latencyMillis,
        ...(health.error ? { error: health.error } : {}),
      },
      ...(summaries === undefined ? {} : { summaries: summaries.status() }),
    };
    return health.up ? c.json(body, 200) : c.json(body, 503);
  });

  let document: ReturnType<typeof openApiDocument> | undefined;
  app.openapi(routes.document, (c) => {
    document ??= openApiDocument(app);
    return c.json(document, 200);
  });

  app.notFound((c) => c.json(error('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  app.onError((caught, c) => {
    const [status, body] = describe(caught);
    if (
      status >= 500 &&
      !(caught instanceof BackendUnavailableError || caught instanceof BackendTimeoutError)
    ) {
      console.error(`stats API: ${c.req.method} ${c.req.path}: ${caught.message}`);
    }
    return c.json(body, status);
  });

  return app;
}

/** The events route without a logs back end (`--logs-url`): answered with 503. */
class LogsNotConfiguredError extends Error {}

/** Maps an error to its status and JSON body; nothing internal (no stack) reaches the client. */
function describe(caught: Error): [ContentfulStatusCode, ErrorBody] {
  const which = caught instanceof BackendError ? caught.backend : 'metrics';
  if (caught instanceof LogsNotConfiguredError)
    return [
      503,
      error('logs_not_configured', 'no logs back end is configured: start the stats API with --logs-url'),
    ];
  if (caught instanceof ParameterError) return [400, error('bad_request', caught.message, caught.parameter)];
  if (caught instanceof URIError)
    return [400, error('bad_request', 'the path is not valid percent-encoding', 'id')];
  if (caught instanceof NotFoundError) return [404, error('not_found', caught.message)];
  if (caught instanceof BackendUnavailableError)
    return [503, error('backend_unavailable', `the ${which} back end is unavailable`)];
  if (caught instanceof BackendTimeoutError)
    return [504, error('backend_timeout', `the ${which} back end did not answer in time`)];
  if (caught instanceof BackendUnsupportedError)
    return [
      502,
      error(
        'backend_unsupported',
        'the metrics back end does not speak MetricsQL; the stats API needs VictoriaMetrics',
      ),
    ];
  if (caught instanceof BackendResponseError)
    return [502, error('backend_error', `the ${which} back end rejected a query`)];
  return [500, error('internal', 'internal error')];
}
