// The stats API's request parameters, declared once as schemas: they validate each request (a failed one
// is a 400 naming the parameter), type the handlers, and describe the parameters in the OpenAPI document.
import { z } from '@hono/zod-openapi';

/** A request parameter that failed validation: answered with 400 naming the parameter. */
export class ParameterError extends Error {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(message);
    this.parameter = parameter;
  }
}

/** A failed validation as the error the API answers with: its first issue, naming the parameter. */
export function parameterError(error: z.ZodError, target: string): ParameterError {
  const [issue] = error.issues;
  const parameter = String(issue?.path[0] ?? target);
  return new ParameterError(parameter, issue?.message ?? `${parameter} is invalid`);
}

/** Longest accepted id, in characters: real session, user and organization ids are far shorter. */
export const MAX_ID_LENGTH = 256;
/** `window=all` looks back this far (ten years). */
export const ALL_SECONDS = 10 * 365 * 86_400;
/** Sessions a user or organization view lists: at most this many, by default {@link DEFAULT_LIMIT}. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 10;

/** Events a session's events page lists: at most this many, by default {@link DEFAULT_EVENTS_LIMIT}. */
export const MAX_EVENTS_LIMIT = 1000;
export const DEFAULT_EVENTS_LIMIT = 100;
/** Deepest page of events, so that no request makes VictoriaLogs sort without end. */
export const MAX_EVENTS_OFFSET = 100_000;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const UNIX_SECONDS = /^\d{1,12}(\.\d{1,9})?$/;

/** The time window of a view, in Unix seconds. */
export interface Window {
  start: number;
  end: number;
}

/** The path's session, user or organization id; JSON Schema's maxLength counts characters too. */
export const idParams = z.object({
  id: z
    .string({ error: 'id is required' })
    .min(1, 'id is required')
    .refine((id) => [...id].length <= MAX_ID_LENGTH, `id is longer than ${MAX_ID_LENGTH} characters`)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: `Session, user or organization id (1–${MAX_ID_LENGTH} characters).`,
      maxLength: MAX_ID_LENGTH,
    }),
});

const windowMessage = 'window must be all, or a duration such as 24h, 7d or 30d (at most 10 years)';
/** `window=all|<n><s|m|h|d|w>` as its length in seconds. */
const windowParam = z
  .string({ error: windowMessage })
  .transform((raw, ctx) => {
    if (raw === 'all') return ALL_SECONDS;
    const match = /^(\d{1,6})([smhdw])$/.exec(raw);
    const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number) : 0;
    if (seconds > 0 && seconds <= ALL_SECONDS) return seconds;
    ctx.addIssue({ code: 'custom', message: windowMessage });
    return z.NEVER;
  })
  .optional()
  .openapi({
    type: 'string',
    description:
      'all (default), 24h, 7d, 30d or any <n>s|m|h|d|w up to 10 years, ending now; not with start/end.',
  });

/** An instant, RFC 3339 or Unix seconds, as Unix seconds. */
const instant = (name: 'start' | 'end', description: string) => {
  const message = `${name} must be RFC 3339 (2026-01-31T12:00:00Z) or Unix seconds`;
  return z
    .string({ error: message })
    .transform((raw, ctx) => {
      if (UNIX_SECONDS.test(raw)) return Number(raw);
      const millis = RFC_3339.test(raw) ? Date.parse(raw) : Number.NaN;
      if (!Number.isNaN(millis)) return millis / 1000;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    })
    .optional()
    .openapi({ type: 'string', description });
};

/** The parameters every view takes: its window and its source (`sources`: those the API answers from). */
export function viewQuery(sources: readonly string[]) {
  return z.object({
    window: windowParam,
    start: instant('start', 'Window start, RFC 3339 or Unix seconds.'),
    end: instant('end', 'Window end, RFC 3339 or Unix seconds (default now).'),
    source: z
      .enum(['auto', ...sources], { error: `source must be auto or one of ${sources.join(', ')}` })
      .default('auto')
      .openapi({
        description: `auto (default: the first source with data), or one of ${sources.join(', ')}.`,
      }),
  });
}

/** An integer query parameter from `min` to `max`, with its default. */
function integerParam(name: string, min: number, max: number, fallback: number, description: string) {
  const message = `${name} must be an integer from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .default(fallback)
    .openapi({ type: 'integer', minimum: min, maximum: max, default: fallback, description });
}

/** The user and organization views' parameters (`breakdowns`: the attributes `by` accepts). */
export function peopleQuery(sources: readonly string[], breakdowns: readonly string[]) {
  return viewQuery(sources).extend({
    limit: integerParam(
      'limit',
      1,
      MAX_LIMIT,
      DEFAULT_LIMIT,
      `Most recent sessions listed (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}); totals always cover the whole window.`,
    ),
    by: z
      .enum(breakdowns as [string, ...string[]], { error: `by must be one of ${breakdowns.join(', ')}` })
      .optional()
      .openapi({
        description:
          'Break the totals down by this attribute: model for every source; user.email and the team attributes an administrator sets in OTEL_RESOURCE_ATTRIBUTES for Claude Code. `auto` then uses a source that has it.',
      }),
  });
}

export type ViewQuery = z.output<ReturnType<typeof viewQuery>>;

/** The window a valid query asks for: `window` or `start`/`end`, ending now unless `end` says otherwise. */
export function windowOf(
  { window, start, end }: Pick<ViewQuery, 'window' | 'start' | 'end'>,
  nowSeconds: number,
): Window {
  if (window !== undefined && (start !== undefined || end !== undefined)) {
    throw new ParameterError('window', 'use either window or start/end, not both');
  }
  const endSeconds = end ?? nowSeconds;
  if (start === undefined) return { start: endSeconds - (window ?? ALL_SECONDS), end: endSeconds };
  if (!(start < endSeconds)) throw new ParameterError('start', 'start must be before end');
  return { start, end: endSeconds };
}

/** A session's events page: its window, an event name, and the page. */
export const eventsQuery = viewQuery([])
  .omit({ source: true })
  .extend({
    event: z
      .string({ error: 'event must be an event name such as api_request' })
      .regex(
        /^[A-Za-z0-9_.-]{1,128}$/,
        'event must be an event name such as api_request (letters, digits, _ . -)',
      )
      .optional()
      .openapi({ description: 'Only events of this name (event.name), such as api_request or tool_result.' }),
    limit: integerParam(
      'limit',
      1,
      MAX_EVENTS_LIMIT,
      DEFAULT_EVENTS_LIMIT,
      `Events per page, newest first (1–${MAX_EVENTS_LIMIT}, default ${DEFAULT_EVENTS_LIMIT}).`,
    ),
    offset: integerParam(
      'offset',
      0,
      MAX_EVENTS_OFFSET,
      0,
      "Events to skip, for the next page: the previous answer's nextOffset.",
    ),
  });
