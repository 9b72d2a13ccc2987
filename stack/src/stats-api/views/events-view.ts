import type { LogsBackend } from '../logs-backend.ts';
import { logsqlString } from '../logs-backend.ts';
import type { Window } from '../params.ts';
import { NotFoundError } from './context.ts';

/** The attribute Claude Code (and Meterline's catalog) names events by. */
const EVENT_NAME = 'event.name';
const SESSION_ID = 'session.id';

export interface EventsRequest {
  window: Window;
  /** Only events of this name. */
  event?: string | undefined;
  limit: number;
  offset: number;
}

/** The LogsQL a session's events page is: the id and name as literals, newest first, one extra to see a next page. */
export function sessionEventsQuery(sessionId: string, { event, limit, offset }: EventsRequest): string {
  const filters = [`${SESSION_ID}:=${logsqlString(sessionId)}`];
  if (event !== undefined) filters.push(`${EVENT_NAME}:=${logsqlString(event)}`);
  return `${filters.join(' ')} | sort by (_time desc) offset ${offset} limit ${limit + 1}`;
}

/** One page of a session's events, newest first; 404 when the session has none in the window. */
export async function sessionEvents(logs: LogsBackend, sessionId: string, request: EventsRequest) {
  const { window, limit, offset } = request;
  const records = await logs.query(sessionEventsQuery(sessionId, request), window.start, window.end);
  if (records.length === 0 && offset === 0)
    throw new NotFoundError('no events for this session in the window');
  return {
    sessionId,
    events: records.slice(0, limit).map(({ time, message, fields }) => {
      const { [EVENT_NAME]: name = '', ...attributes } = fields;
      return { time, name, body: message, attributes };
    }),
    limit,
    offset,
    nextOffset: records.length > limit ? offset + limit : null,
  };
}
