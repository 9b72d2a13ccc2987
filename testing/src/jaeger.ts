import { findJaeger, JaegerProcess } from '@meterline/stack/processes';
import { freePort } from './free-port.ts';

/** A span as Jaeger's query API (`/api/traces/{id}`) returns it. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  duration: number;
  references: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

/**
 * A real Jaeger v2 for a test, the release stack/jaeger/build.sh builds, with stack/jaeger/config.yaml on
 * free 127.0.0.1 ports. Throws when it is not built, so a test fails rather than skips.
 */
export class Jaeger {
  private readonly server: JaegerProcess;

  private constructor(server: JaegerProcess) {
    this.server = server;
  }

  static async start(): Promise<Jaeger> {
    const binary = findJaeger();
    if (binary === undefined)
      throw new Error('Jaeger is not built: run bash stack/jaeger/build.sh (needs Go)');
    const ports = {
      otlpGrpc: await freePort(),
      otlpHttp: await freePort(),
      query: await freePort(),
      queryGrpc: await freePort(),
      health: await freePort(),
    };
    return new Jaeger(await JaegerProcess.start({ binary, ports }));
  }

  get url(): string {
    return this.server.url;
  }

  /** Where the collector sends traces (host:port, OTLP/gRPC). */
  get otlpGrpcEndpoint(): string {
    return this.server.otlpGrpcEndpoint;
  }

  /** One trace by id, or undefined while Jaeger does not have it. */
  async trace(traceId: string): Promise<JaegerTrace | undefined> {
    const response = await fetch(`${this.url}/api/traces/${traceId}`);
    if (response.status === 404) return undefined;
    const body = (await response.json()) as { data?: JaegerTrace[] };
    return body.data?.[0];
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  async restart(): Promise<void> {
    await this.server.restart();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
