// A service's day in a few seconds: every catalog family recorded through the SDK, failures included,
// as the local stack's example service and the dashboard tests use it.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import {
  instrumentWebSocketServer,
  type Meterline,
  recordUsage,
  runTask,
  startSession,
  trackStream,
} from '@meterline/sdk';
import { WebSocket, WebSocketServer } from 'ws';

const USERS = [
  { userId: 'alice', organizationId: 'acme' },
  { userId: 'bob', organizationId: 'acme' },
  { userId: 'carol', organizationId: 'globex' },
] as const;

/** Runs one round of the workload; `round` varies ids and values so repeated rounds look like traffic. */
export async function exerciseEveryFamily(ml: Meterline, round = 0): Promise<{ sessionIds: string[] }> {
  // WebSockets: a shell server echoing commands; two clients, one refused by authentication.
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const ws = instrumentWebSocketServer(ml, server, { route: '/shell' });
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(`$ ${String(data)}`)));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/shell`);
  await once(client, 'open');
  for (const command of ['ls', 'git status', 'npm test']) {
    client.send(command);
    await once(client, 'message');
  }
  client.close();
  await once(client, 'close');
  ws.authFailure('expired_token');
  ws.dispose();
  server.close();

  // Sessions with usage: every user, two models, a failed request, tools that fail, errors and a timeout.
  const sessionIds: string[] = [];
  for (const [i, ids] of USERS.entries()) {
    const sessionId = `${ids.userId}-${round}`;
    sessionIds.push(sessionId);
    const session = startSession(ml, { sessionId, ...ids, kind: 'shell' });
    for (const model of ['claude-opus-4-5', 'claude-haiku-4-5']) {
      recordUsage(ml, {
        sessionId,
        ...ids,
        model,
        inputTokens: 1200 + i,
        outputTokens: 300,
        cacheReadTokens: 800,
        cacheCreationTokens: 100,
        costUsd: model.includes('opus') ? 0.045 : 0.004,
        durationSeconds: 1.5 + i,
      });
    }
    recordUsage(ml, {
      sessionId,
      ...ids,
      model: 'claude-haiku-4-5',
      outcome: 'error',
      inputTokens: 50,
      durationSeconds: 0.2,
    });
    ml.usage.prompts.add(2, session.identity);
    ml.usage.toolExecutions.add(3, { ...session.identity, 'tool.name': 'bash', outcome: 'success' });
    ml.usage.toolExecutions.add(1, { ...session.identity, 'tool.name': 'edit', outcome: 'failure' });
    ml.usage.activeTime.add(42 + i, session.identity);
    if (i === 1) session.error('pty_closed');
    if (i === 2) session.timeout();
    else session.end();
  }

  // Streams and tasks: a build whose log is streamed, a failing test run, a deploy that times out.
  await runTask(ml, 'build', async ({ output, bufferSize }) => {
    const log = Readable.from(['compiling 12 files\n', 'linking\n', 'done\n']);
    trackStream(ml, log, { kind: 'build-log' });
    for await (const chunk of log) output(String(chunk));
    bufferSize(2048);
  });
  await runTask(ml, 'test', () => Promise.reject(new Error('2 tests failed'))).catch(() => {});
  await runTask(ml, 'deploy', () => new Promise(() => {}), { timeoutMillis: 50 }).catch(() => {});
  const broken = new PassThrough();
  trackStream(ml, broken, { kind: 'tail' });
  broken.on('error', () => {});
  const closed = new Promise((resolve) => broken.on('close', resolve));
  broken.write('partial line');
  broken.destroy(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
  await closed;
  return { sessionIds };
}
