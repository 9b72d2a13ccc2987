import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { memoryMeterline, pointsOf, valuesOf } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Meterline } from '../meterline.ts';
import { instrumentWebSocketServer, messageSize } from './instrument-websocket-server.ts';

describe('instrumentWebSocketServer', () => {
  let ml: Meterline;
  let server: WebSocketServer;
  afterEach(async () => {
    server.close();
    await ml.shutdown();
  });

  it('reports 3 connections, 10 messages and 2 closes exactly', async () => {
    ml = memoryMeterline();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const instrumentation = instrumentWebSocketServer(ml, server, { route: '/shell' });
    const serverClosed: Promise<unknown>[] = [];
    // The server echoes each message back, upper-cased.
    server.on('connection', (socket) => {
      serverClosed.push(once(socket, 'close'));
      socket.on('message', (data) => socket.send(String(data).toUpperCase()));
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const clients = await Promise.all(
      [1, 2, 3].map(async () => {
        const client = new WebSocket(url);
        await once(client, 'open');
        return client;
      }),
    );
    // 5 messages from clients (2 + 2 + 1 bytes each of "hello"), 5 echoes back: 10 in all.
    const echoes = clients.map((client, i) => {
      const count = i < 2 ? 2 : 1;
      const received = new Promise<void>((resolve) => {
        let left = count;
        client.on('message', () => --left === 0 && resolve());
      });
      for (let n = 0; n < count; n++) client.send('hello');
      return received;
    });
    await Promise.all(echoes);
    clients[0]?.close();
    clients[1]?.close();
    await Promise.all(serverClosed.slice(0, 2));
    instrumentation.authFailure('bad_token');

    const collected = await ml.collect();
    const route = '{"websocket.route":"/shell"}';
    expect(valuesOf(collected, 'websocket.opened_connections')).toEqual({ [route]: 3 });
    expect(valuesOf(collected, 'websocket.active_connections')).toEqual({ [route]: 1 });
    expect(valuesOf(collected, 'websocket.received_messages')).toEqual({ [route]: 5 });
    expect(valuesOf(collected, 'websocket.sent_messages')).toEqual({ [route]: 5 });
    const sizes = valuesOf<{ count: number; sum: number }>(collected, 'websocket.message.size');
    expect(sizes['{"websocket.route":"/shell","websocket.direction":"sent"}']).toMatchObject({
      count: 5,
      sum: 25,
    });
    expect(sizes['{"websocket.route":"/shell","websocket.direction":"received"}']).toMatchObject({
      count: 5,
      sum: 25,
    });
    const durations = pointsOf<{ count: number }>(collected, 'websocket.connection.duration');
    expect(durations.map((point) => point.value.count)).toEqual([2]);
    expect(valuesOf(collected, 'websocket.auth_failures')).toEqual({
      '{"websocket.route":"/shell","error.type":"bad_token"}': 1,
    });
    clients[2]?.close();
  });

  const sizes: [what: string, data: unknown, bytes: number][] = [
    ['ascii string', 'abc', 3],
    ['utf-8 string', 'é', 2],
    ['Buffer', Buffer.from([1, 2, 3, 4]), 4],
    ['ArrayBuffer', new ArrayBuffer(8), 8],
    ['fragments', [Buffer.alloc(3), Buffer.alloc(5)], 8],
    ['unknown', { a: 1 }, 0],
  ];
  it.each(sizes)('measures a %s message', (_what, data, bytes) => {
    server = new WebSocketServer({ noServer: true });
    ml = memoryMeterline();
    expect(messageSize(data)).toBe(bytes);
  });
});
