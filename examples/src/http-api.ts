// The example's HTTP API, instrumented by OpenTelemetry's HTTP instrumentation: what it serves is measured
// as http.server.request.duration through Meterline's registered MeterProvider, as any instrumented
// service's requests are. The local stack's example service and the dashboard tests run it.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

export interface HttpApi {
  url: string;
  close(): Promise<void>;
}

/** Starts the API on a free port of 127.0.0.1. Call after `init()`, which registers the MeterProvider. */
export async function startHttpApi(): Promise<HttpApi> {
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
  // Required, not imported, after registering: the instrumentation patches node:http as it is required.
  const http = createRequire(import.meta.url)('node:http') as typeof Http;
  const server = http.createServer((request, response) => {
    const status = request.url === '/sessions' ? 200 : request.url === '/crash' ? 500 : 404;
    response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '[]' : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One round of clients: mostly answered, one unknown path, and a server error every other round. */
export async function exerciseHttpApi(api: HttpApi, round = 0): Promise<void> {
  const paths = ['/sessions', '/sessions', '/sessions', '/missing', ...(round % 2 === 0 ? ['/crash'] : [])];
  for (const path of paths) await (await fetch(`${api.url}${path}`)).arrayBuffer();
}
