import { LIFETIME_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

const source = 'meterline';
// No session.id here: these count sessions; per-session detail lives in the usage family.
const attributes = ['session.kind', 'user.id', 'organization.id'] as const;

/** User and shell sessions: how many are live, how long they last, how they fail. */
export const sessions = {
  active: defineMetric({
    name: 'session.active',
    kind: 'updowncounter',
    unit: '{session}',
    description: 'Sessions currently live.',
    attributes,
    source,
  }),
  started: defineMetric({
    name: 'session.started',
    kind: 'counter',
    unit: '{session}',
    description: 'Sessions started.',
    attributes,
    source,
  }),
  duration: defineMetric({
    name: 'session.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from a session start to its end, by how it ended.',
    attributes: [...attributes, 'session.outcome'],
    boundaries: LIFETIME_SECONDS,
    source,
  }),
  errors: defineMetric({
    name: 'session.errors',
    kind: 'counter',
    unit: '{error}',
    description: 'Errors raised in sessions, by error type.',
    attributes: [...attributes, 'error.type'],
    source,
  }),
  timeouts: defineMetric({
    name: 'session.timeouts',
    kind: 'counter',
    unit: '{timeout}',
    description: 'Sessions ended by a timeout.',
    attributes,
    source,
  }),
};
