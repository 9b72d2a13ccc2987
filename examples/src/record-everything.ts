// Records every catalog family through the SDK — a websocket shell server, log streams, sessions, tasks,
// usage and the runtime — then prints what was exported, as the Prometheus series it becomes.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  catalog,
  init,
  instrumentWebSocketServer,
  recordUsage,
  runTask,
  startSession,
  toPrometheusName,
  trackStream,
} from '@meterline/sdk';
import { WebSocket, WebSocketServer } from 'ws';

const ml = init({ serviceName: 'record-everything', serviceNamespace: 'examples', exporter: 'memory' });

// Websockets: a shell server that echoes commands; two clients, one of them refused.
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(server, 'listening');
const ws = instrumentWebSocketServer(ml, server, { route: '/shell' });
server.on('connection', (socket) => socket.on('message', (data) => socket.send(`$ ${String(data)}`)));
const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/shell`);
await once(client, 'open');
client.send('ls');
await once(client, 'message');
client.close();
ws.authFailure('expired_token');

// Sessions and usage: one session per user, each with two model requests.
for (const [userId, organizationId] of [
  ['alice', 'acme'],
  ['bob', 'globex'],
] as const) {
  const session = startSession(ml, { sessionId: `${userId}-1`, userId, organizationId, kind: 'shell' });
  for (const model of ['claude-opus', 'claude-haiku']) {
    recordUsage(ml, {
      sessionId: session.sessionId,
      userId,
      organizationId,
      model,
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadTokens: 800,
      cacheCreationTokens: 100,
      costUsd: model === 'claude-opus' ? 0.045 : 0.004,
      durationSeconds: 1.5,
    });
  }
  ml.usage.prompts.add(1, session.identity);
  ml.usage.toolExecutions.add(1, { ...session.identity, 'tool.name': 'bash', outcome: 'success' });
  ml.usage.activeTime.add(42, session.identity);
  session.end();
}

// Streams and tasks: a build task whose log is streamed.
await runTask(ml, 'build', async ({ output, bufferSize }) => {
  const log = Readable.from(['compiling 12 files\n', 'linking\n', 'done\n']);
  trackStream(ml, log, { kind: 'build-log' });
  for await (const chunk of log) output(String(chunk));
  bufferSize(0);
});
await runTask(ml, 'deploy', () => new Promise(() => {}), { timeoutMillis: 50 }).catch(() => {});

const exported = await ml.collect();
await ml.shutdown();
server.close();

const definitions = new Map(catalog.map((definition) => [definition.name, definition]));
console.log(`Exported by ${exported.resource.attributes['service.name']}:`);
for (const metric of exported.scopeMetrics.flatMap((scope) => scope.metrics)) {
  const definition = definitions.get(metric.descriptor.name);
  const series = definition
    ? toPrometheusName(definition.name, definition.unit, definition.kind)
    : '(not in catalog)';
  const first = metric.dataPoints[0]?.value;
  const value =
    typeof first === 'number' ? first : `count=${(first as { count: number } | undefined)?.count}`;
  console.log(
    `  ${metric.descriptor.name.padEnd(34)} → ${series.padEnd(44)} ${String(metric.dataPoints.length).padStart(2)} point(s), first: ${value}`,
  );
}
