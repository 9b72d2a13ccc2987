import { fileURLToPath } from 'node:url';
import { findBuilt } from './executable.ts';
import { type Launch, ServerProcess } from './server-process.ts';

/** The release the compose file pins, built by stack/jaeger/build.sh (without the web UI). */
export const BUILT_JAEGER = fileURLToPath(new URL('../../jaeger/bin/jaeger-release', import.meta.url));
/** The configuration the compose stack mounts, shared by the local stack and the tests. */
export const JAEGER_CONFIG = fileURLToPath(new URL('../../jaeger/config.yaml', import.meta.url));

/** $JAEGER_BIN, else the built release; undefined when there is neither. */
export function findJaeger(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  return findBuilt('JAEGER_BIN', BUILT_JAEGER, env);
}

export interface JaegerPorts {
  /** OTLP/gRPC in, where the collector sends traces. */
  otlpGrpc: number;
  otlpHttp: number;
  /** The query API (`/api/traces`, `/api/v3/traces`) and, in the released image, the UI. */
  query: number;
  queryGrpc: number;
  health: number;
}

export interface JaegerOptions {
  ports: JaegerPorts;
  /** Traces kept in memory before the oldest are dropped. Default: the config's, 100000. */
  maxTraces?: number;
  onOutput?: (chunk: string) => void;
  /** The binary. Default {@link findJaeger}. */
  binary?: string;
}

/** Jaeger v2 on 127.0.0.1 with stack/jaeger/config.yaml: traces in memory, so a restart empties it. */
export class JaegerProcess extends ServerProcess {
  /** The query API's base URL. */
  readonly url: string;
  /** Where OTLP/gRPC goes (host:port), as the collector's exporter takes it. */
  readonly otlpGrpcEndpoint: string;
  private readonly options: JaegerOptions;

  private constructor(options: JaegerOptions) {
    super('jaeger');
    this.options = options;
    this.url = `http://127.0.0.1:${options.ports.query}`;
    this.otlpGrpcEndpoint = `127.0.0.1:${options.ports.otlpGrpc}`;
  }

  static async start(options: JaegerOptions): Promise<JaegerProcess> {
    const server = new JaegerProcess(options);
    await server.launch(options.onOutput);
    return server;
  }

  protected launchCommand(): Launch {
    const { ports, maxTraces, binary = findJaeger() } = this.options;
    if (binary === undefined) {
      throw new Error('no Jaeger: build it with stack/jaeger/build.sh (needs Go) or set JAEGER_BIN');
    }
    const address = (port: number) => `127.0.0.1:${port}`;
    return {
      binary,
      args: ['--config', JAEGER_CONFIG],
      env: {
        PATH: process.env.PATH ?? '',
        JAEGER_OTLP_GRPC_ENDPOINT: address(ports.otlpGrpc),
        JAEGER_OTLP_HTTP_ENDPOINT: address(ports.otlpHttp),
        JAEGER_QUERY_HTTP_ENDPOINT: address(ports.query),
        JAEGER_QUERY_GRPC_ENDPOINT: address(ports.queryGrpc),
        JAEGER_HEALTH_ENDPOINT: address(ports.health),
        ...(maxTraces === undefined ? {} : { JAEGER_MAX_TRACES: String(maxTraces) }),
      },
    };
  }

  protected async probe(): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.options.ports.health}/status`);
    if (response.status !== 200) throw new Error(`health ${response.status}`);
  }
}
