import type { Meterline } from '../meterline.ts';

/** The parts of a `ws` WebSocket the helper uses (so the SDK does not depend on `ws`). */
export interface WebSocketLike {
  on(event: 'message', listener: (data: unknown, isBinary?: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  send(data: unknown, ...rest: unknown[]): void;
}

/** The parts of a `ws` WebSocketServer the helper uses. */
export interface WebSocketServerLike<S extends WebSocketLike = WebSocketLike> {
  on(event: 'connection', listener: (socket: S, ...rest: unknown[]) => void): unknown;
  off(event: 'connection', listener: (socket: S, ...rest: unknown[]) => void): unknown;
}

export interface WebSocketInstrumentationOptions {
  /** `websocket.route`. Default: `'/'`. */
  route?: string;
}

export interface WebSocketInstrumentation {
  /** Call from your authentication hook when a client is refused. */
  authFailure(errorType?: string): void;
  /** Stops instrumenting new connections. */
  dispose(): void;
}

/** Byte size of what `ws` passes to `message` or takes in `send` (string, Buffer, ArrayBuffer, fragments). */
export function messageSize(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + messageSize(part), 0);
  return 0;
}

/**
 * Instruments a `ws` server: connections (open, accepted, duration), messages in both directions with
 * their sizes, and authentication failures reported through the returned hook. When traces are exported
 * each connection is also a span `websocket <route>` from open to close, with its message counts.
 */
export function instrumentWebSocketServer<S extends WebSocketLike>(
  meterline: Meterline,
  server: WebSocketServerLike<S>,
  { route = '/' }: WebSocketInstrumentationOptions = {},
): WebSocketInstrumentation {
  const { websockets } = meterline;
  const attributes = { 'websocket.route': route };
  const active = websockets.activeConnections.bind(attributes);
  const opened = websockets.openedConnections.bind(attributes);
  const sent = websockets.sentMessages.bind(attributes);
  const received = websockets.receivedMessages.bind(attributes);
  const sentSize = websockets.messageSize.bind({ ...attributes, 'websocket.direction': 'sent' });
  const receivedSize = websockets.messageSize.bind({ ...attributes, 'websocket.direction': 'received' });
  const onConnection = (socket: S) => {
    const started = performance.now();
    opened.add(1);
    active.add(1);
    const span = meterline.tracer?.startSpan(`websocket ${route}`, { attributes });
    let messagesIn = 0;
    let messagesOut = 0;
    socket.on('message', (data) => {
      messagesIn++;
      received.add(1);
      receivedSize.record(messageSize(data));
    });
    const send = socket.send;
    socket.send = function instrumentedSend(this: S, data: unknown, ...rest: unknown[]) {
      messagesOut++;
      sent.add(1);
      sentSize.record(messageSize(data));
      return send.call(this, data, ...rest);
    };
    socket.on('close', () => {
      active.add(-1);
      websockets.connectionDuration.record((performance.now() - started) / 1000, attributes);
      span?.setAttributes({
        'websocket.messages.received': messagesIn,
        'websocket.messages.sent': messagesOut,
      });
      span?.end();
    });
  };
  server.on('connection', onConnection);
  return {
    authFailure(errorType = 'unauthorized') {
      websockets.authFailures.add(1, { ...attributes, 'error.type': errorType });
    },
    dispose() {
      server.off('connection', onConnection);
    },
  };
}
