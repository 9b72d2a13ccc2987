import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { init, instrumentWebSocketServer, runTask, startSession, trackStream } from '@meterline/sdk';
import {
  Collector,
  eventually,
  Jaeger,
  type JaegerTrace,
  replayClaudeCodePayload,
  VictoriaLogs,
  VictoriaMetrics,
} from '@meterline/testing';
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

// Traces and log records through the real collector to the real back ends: the SDK's spans to Jaeger v2,
// the real Claude Code CLI's events to VictoriaLogs (and still counted into VictoriaMetrics), and both
// kept through a restart of their back end within the exporters' retry window.

let vm: VictoriaMetrics;
let jaeger: Jaeger;
let logs: VictoriaLogs;
let collector: Collector;

beforeAll(async () => {
  [vm, jaeger, logs] = await Promise.all([VictoriaMetrics.start(), Jaeger.start(), VictoriaLogs.start()]);
  collector = await Collector.start({
    remoteWriteUrl: vm.writeUrl,
    jaegerEndpoint: jaeger.otlpGrpcEndpoint,
    victoriaLogsUrl: logs.otlpLogsUrl,
  });
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await Promise.all([vm?.destroy(), jaeger?.stop(), logs?.destroy()]);
});

/** Records one trace (a request with a child span) through the SDK, the standard way, and returns its id. */
async function recordTrace(orderId: string): Promise<string> {
  const ml = init({
    serviceName: 'checkout',
    serviceNamespace: 'shop',
    runtimeMetrics: false,
    registerGlobals: false,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
    },
  });
  const tracer = ml.tracerProvider?.getTracer('checkout');
  if (tracer === undefined) throw new Error('the SDK did not start tracing');
  const traceId = tracer.startActiveSpan('POST /orders', { attributes: { 'order.id': orderId } }, (root) => {
    // Explicitly under the root: with registerGlobals off there is no global context manager.
    tracer.startSpan('charge card', {}, trace.setSpan(context.active(), root)).end();
    root.end();
    return root.spanContext().traceId;
  });
  await ml.shutdown();
  return traceId;
}

const tag = (tags: { key: string; value: unknown }[], key: string) => tags.find((t) => t.key === key)?.value;

function describeTrace(trace: JaegerTrace | undefined) {
  if (trace === undefined) throw new Error('not in Jaeger yet');
  return trace.spans
    .map((span) => ({
      operation: span.operationName,
      order: tag(span.tags, 'order.id'),
      service: trace.processes[span.processID]?.serviceName,
      environment: tag(trace.processes[span.processID]?.tags ?? [], 'deployment.environment.name'),
      parent: span.references.find((r) => r.refType === 'CHILD_OF') ? 'child' : 'root',
    }))
    .sort((a, b) => a.operation.localeCompare(b.operation));
}

const expectedTrace = (order: string) => [
  { operation: 'charge card', order: undefined, service: 'checkout', environment: 'test', parent: 'child' },
  { operation: 'POST /orders', order, service: 'checkout', environment: 'test', parent: 'root' },
];

describe('traces and events through the collector', () => {
  it('finds a span the SDK recorded in Jaeger by its trace id, with its attributes and resource', async () => {
    const traceId = await recordTrace('o-1');
    const spans = await eventually(async () => describeTrace(await jaeger.trace(traceId)), {
      timeoutMillis: 20_000,
    });
    expect(spans).toEqual(expectedTrace('o-1'));
  });

  it("records the helpers' sessions, task runs, streams and websocket connections as spans, linked to their metrics by attributes", async () => {
    const ml = init({
      serviceName: 'shell',
      runtimeMetrics: false,
      registerGlobals: false,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint },
    });
    const session = startSession(ml, { sessionId: 's-42', userId: 'alice', kind: 'shell' });
    await runTask(ml, 'build', async () => {});
    await runTask(ml, 'deploy', async () => {
      throw new Error('no target');
    }).catch(() => {});
    const log = new PassThrough();
    trackStream(ml, log, { kind: 'build-log' });
    log.end('compiled\n');
    await once(log.resume(), 'end');
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    instrumentWebSocketServer(ml, server, { route: '/shell' });
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(`$ ${String(data)}`)));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/shell`);
    await once(client, 'open');
    client.send('ls');
    await once(client, 'message');
    client.close();
    await once(client, 'close');
    server.close();
    session.error('pty_closed');
    session.end();
    // The server's side of the connection closes just after the client's.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ml.shutdown();
    const spans = await eventually(
      async () => {
        const response = await fetch(`${jaeger.url}/api/traces?service=shell&lookback=1h&limit=10`);
        const found = ((await response.json()) as { data: JaegerTrace[] }).data.flatMap((t) => t.spans);
        if (found.length < 5) throw new Error(`${found.length} spans so far`);
        return found;
      },
      { timeoutMillis: 20_000 },
    );
    const summary = spans
      .map((span) => ({
        operation: span.operationName,
        tags: Object.fromEntries(
          span.tags
            .filter((t) => /^(session|task|user|stream|websocket)\.|^otel\.status_code$/.test(t.key))
            .map((t) => [t.key, t.value]),
        ),
      }))
      .sort((a, b) => a.operation.localeCompare(b.operation));
    expect(summary).toEqual([
      {
        operation: 'session shell',
        tags: {
          'session.id': 's-42',
          'user.id': 'alice',
          'session.kind': 'shell',
          'session.outcome': 'ended',
        },
      },
      { operation: 'stream build-log', tags: { 'stream.kind': 'build-log', 'stream.outcome': 'completed' } },
      { operation: 'task build', tags: { 'task.name': 'build', 'task.outcome': 'success' } },
      {
        operation: 'task deploy',
        tags: { 'task.name': 'deploy', 'task.outcome': 'failure', 'otel.status_code': 'ERROR' },
      },
      {
        operation: 'websocket /shell',
        tags: {
          'websocket.route': '/shell',
          'websocket.messages.received': 1,
          'websocket.messages.sent': 1,
        },
      },
    ]);
  });

  it('keeps every event the real Claude Code CLI sent in VictoriaLogs, and still counts it', async () => {
    await replayClaudeCodePayload(collector.httpEndpoint, 'with-resource-attributes');
    const session = 'f32eb6d0-84fc-4a78-9080-a246a8ca5ee0';
    const events = await eventually(
      async () => {
        const found = await logs.query(`session.id:="${session}" | sort by (_msg)`);
        if (found.length < 7) throw new Error(`${found.length} events so far`);
        return found;
      },
      { timeoutMillis: 20_000 },
    );
    expect(events.map((e) => [e._msg, e['event.name'], e['service.name'], e['organization.id']])).toEqual([
      ['claude_code.api_error', 'api_error', 'claude-code', 'acme-org'],
      ['claude_code.api_request', 'api_request', 'claude-code', 'acme-org'],
      ['claude_code.assistant_response', 'assistant_response', 'claude-code', 'acme-org'],
      ['claude_code.tool_decision', 'tool_decision', 'claude-code', 'acme-org'],
      ['claude_code.tool_result', 'tool_result', 'claude-code', 'acme-org'],
      ['claude_code.tool_result', 'tool_result', 'claude-code', 'acme-org'],
      ['claude_code.user_prompt', 'user_prompt', 'claude-code', 'acme-org'],
    ]);
    // What the stats API's event list shows comes through too: the request's cost and tokens.
    const request = events.find((e) => e['event.name'] === 'api_request');
    expect(Number(request?.cost_usd)).toBeGreaterThan(0);
    expect(Number(request?.input_tokens)).toBeGreaterThan(0);
    // The stream is the service and the event, not the process.
    expect(new Set(events.map((e) => e._stream))).toEqual(
      new Set(events.map((e) => `{event.name="${e['event.name']}",service.name="claude-code"}`)),
    );
    await eventually(async () => {
      const [series] = await vm.export(`claude_code_api_requests_total{session_id="${session}"}`);
      expect(series?.values.at(-1)).toBe(1);
    });
  });

  it('keeps traces sent while Jaeger restarts', async () => {
    await jaeger.stop();
    const traceId = await recordTrace('o-2');
    await jaeger.restart();
    const spans = await eventually(async () => describeTrace(await jaeger.trace(traceId)), {
      timeoutMillis: 40_000,
    });
    expect(spans).toEqual(expectedTrace('o-2'));
  });

  it('keeps events sent while VictoriaLogs restarts', async () => {
    await logs.stop();
    await replayClaudeCodePayload(collector.httpEndpoint, 'apikey-default');
    await logs.restart();
    const events = await eventually(
      async () => {
        const found = await logs.query('service.name:="claude-code" organization.id:=""');
        if (found.length === 0) throw new Error('not in VictoriaLogs yet');
        return found;
      },
      { timeoutMillis: 40_000 },
    );
    expect(new Set(events.map((e) => e['event.name']))).toContain('api_request');
  });
});
