import { LIFETIME_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

const source = 'meterline';

/** Log and data streams: how many are open, how long they live, what flows through them. */
export const streams = {
  active: defineMetric({
    name: 'stream.active',
    kind: 'updowncounter',
    unit: '{stream}',
    description: 'Streams currently open.',
    attributes: ['stream.kind'],
    source,
  }),
  opened: defineMetric({
    name: 'stream.opened',
    kind: 'counter',
    unit: '{stream}',
    description: 'Streams opened.',
    attributes: ['stream.kind'],
    source,
  }),
  duration: defineMetric({
    name: 'stream.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from opening a stream to its end, by how it ended.',
    attributes: ['stream.kind', 'stream.outcome'],
    boundaries: LIFETIME_SECONDS,
    source,
  }),
  lines: defineMetric({
    name: 'stream.lines',
    kind: 'counter',
    unit: '{line}',
    description: 'Lines carried by streams.',
    attributes: ['stream.kind'],
    source,
  }),
  io: defineMetric({
    name: 'stream.io',
    kind: 'counter',
    unit: 'By',
    description: 'Bytes carried by streams.',
    attributes: ['stream.kind'],
    source,
  }),
  errors: defineMetric({
    name: 'stream.errors',
    kind: 'counter',
    unit: '{error}',
    description: 'Errors raised by streams, by error type.',
    attributes: ['stream.kind', 'error.type'],
    source,
  }),
};
