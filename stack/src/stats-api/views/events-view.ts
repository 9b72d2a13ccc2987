import type { CLAUDE_CODE_IDENTITY_ATTRIBUTES } from '@meterline/sdk';
import type { LogsBackend } from '../logs-backend.ts';
import { logsqlString } from '../logs-backend.ts';
import type { Window } from '../params.ts';
import { NotFoundError } from './context.ts';

/** The attribute Claude Code names its events by. */
const EVENT_NAME = 'event.name';

/** Whose events: the attribute each scope is found by, as the events carry it. */
export const EVENT_SCOPES = {
  session: 'session.id',
  user: 'user.id',
  organization: 'organization.id',
} as const satisfies Record<string, (typeof CLAUDE_CODE_IDENTITY_ATTRIBUTES)[number]>;
export type EventScope = keyof typeof EVENT_SCOPES;

export interface EventsRequest {
  window: Window;
  /** Only events of this name. */
  event?: string | undefined;
  limit: number;
  offset: number;
}

/** The LogsQL of one page: the id and name as literals, newest first, one more than asked to see a next page. */
export function eventsQuery(scope: EventScope, id: string, { event, limit, offset }: EventsRequest): string {
  const filters = [`${EVENT_SCOPES[scope]}:=${logsqlString(id)}`];
  if (event !== undefined) filters.push(`${EVENT_NAME}:=${logsqlString(event)}`);
  return `${filters.join(' ')} | sort by (_time desc) offset ${offset} limit ${limit + 1}`;
}

/** One page of a session's, user's or organization's events, newest first; 404 when there are none. */
export async function eventsView(logs: LogsBackend, scope: EventScope, id: string, request: EventsRequest) {
  const { window, limit, offset } = request;
  const records = await logs.query(eventsQuery(scope, id, request), window.start, window.end);
  if (records.length === 0 && offset === 0)
    throw new NotFoundError(`no events for this ${scope} in the window`);
  return {
    scope,
    id,
    events: records.slice(0, limit).map(({ time, message, fields }) => {
      const { [EVENT_NAME]: name = '', ...attributes } = fields;
      return { time, name, body: message, attributes };
    }),
    limit,
    offset,
    nextOffset: records.length > limit ? offset + limit : null,
  };
}
