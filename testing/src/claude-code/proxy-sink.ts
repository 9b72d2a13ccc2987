import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1 that forwards nothing: Claude Code is pointed at it (HTTPS_PROXY,
 * HTTP_PROXY) so that anything it tries to reach beyond 127.0.0.1 is refused here rather than attempted.
 * {@link refused} lists what was asked for.
 */
export class ProxySink {
  readonly refused: string[] = [];
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<ProxySink> {
    const server = createServer();
    const sink = new ProxySink(server);
    server.on('connect', (request, socket) => {
      sink.refused.push(`CONNECT ${request.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    server.on('request', (request, response) => {
      sink.refused.push(`${request.method} ${request.url}`);
      response.writeHead(403).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
