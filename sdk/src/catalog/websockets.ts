import { LIFETIME_SECONDS, MESSAGE_BYTES } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

const source = 'meterline';
const attributes = ['websocket.route'] as const;

/** WebSocket servers: connections, their lifetimes, the messages they carry and failed authentications. */
export const websockets = {
  activeConnections: defineMetric({
    name: 'websocket.active_connections',
    kind: 'updowncounter',
    unit: '{connection}',
    description: 'WebSocket connections currently open.',
    attributes,
    source,
  }),
  openedConnections: defineMetric({
    name: 'websocket.opened_connections',
    kind: 'counter',
    unit: '{connection}',
    description: 'WebSocket connections accepted.',
    attributes,
    source,
  }),
  connectionDuration: defineMetric({
    name: 'websocket.connection.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from accepting a WebSocket connection to its close.',
    attributes,
    boundaries: LIFETIME_SECONDS,
    source,
  }),
  sentMessages: defineMetric({
    name: 'websocket.sent_messages',
    kind: 'counter',
    unit: '{message}',
    description: 'WebSocket messages sent to clients.',
    attributes,
    source,
  }),
  receivedMessages: defineMetric({
    name: 'websocket.received_messages',
    kind: 'counter',
    unit: '{message}',
    description: 'WebSocket messages received from clients.',
    attributes,
    source,
  }),
  messageSize: defineMetric({
    name: 'websocket.message.size',
    kind: 'histogram',
    unit: 'By',
    description: 'Size of WebSocket messages, by direction (sent or received).',
    attributes: [...attributes, 'websocket.direction'],
    boundaries: MESSAGE_BYTES,
    source,
  }),
  authFailures: defineMetric({
    name: 'websocket.auth_failures',
    kind: 'counter',
    unit: '{failure}',
    description: 'WebSocket connections refused because authentication failed.',
    attributes: [...attributes, 'error.type'],
    source,
  }),
};
