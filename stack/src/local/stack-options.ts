// Where the local stack keeps its state and which ports it uses: what `meterline down`, `status`, `query`,
// `stats` and `claude-code` read.
import { join } from 'node:path';
import type { JaegerPorts } from '../processes/index.ts';

export interface LocalStackOptions {
  /** Data, logs and state. Default: `.meterline` in the working directory (METERLINE_HOME). */
  home: string;
  vmPort: number;
  statsApiPort: number;
  otlpGrpcPort: number;
  otlpHttpPort: number;
  collectorHealthPort: number;
  /** VictoriaLogs (events), when built. */
  victoriaLogsPort: number;
  /** Jaeger (traces), when built: its query API and UI, and where the collector sends it OTLP. */
  jaegerPorts: JaegerPorts;
  /** Seconds between rounds of the example service. Default 5. */
  exampleIntervalSeconds: number;
}

export interface StackState {
  pid: number;
  /** `ui`: vmui, when the VictoriaMetrics binary embeds it. */
  victoriaMetrics: { url: string; pid?: number; ui?: string };
  collector?: { grpc: string; http: string; pid?: number };
  victoriaLogs?: { url: string; ui: string; pid?: number };
  jaeger?: { url: string; pid?: number };
  statsApi: { url: string };
  /** The example service, when the stack runs it. */
  example?: { pid: number };
  startedAt: string;
}

/** Every port the local stack listens on, by the variable that moves it, with its default. */
export const LOCAL_STACK_PORTS = {
  METERLINE_VM_PORT: 8428,
  METERLINE_STATS_API_PORT: 8787,
  METERLINE_OTLP_GRPC_PORT: 4317,
  METERLINE_OTLP_HTTP_PORT: 4318,
  METERLINE_COLLECTOR_HEALTH_PORT: 13133,
  METERLINE_VICTORIA_LOGS_PORT: 9428,
  METERLINE_JAEGER_PORT: 16686,
  METERLINE_JAEGER_GRPC_PORT: 16685,
  // Jaeger's OTLP ports move off 4317/4318, which the collector takes on this machine.
  METERLINE_JAEGER_OTLP_GRPC_PORT: 14317,
  METERLINE_JAEGER_OTLP_HTTP_PORT: 14318,
  METERLINE_JAEGER_HEALTH_PORT: 13134,
} as const;

export function localStackOptions(env: Readonly<Record<string, string | undefined>>): LocalStackOptions {
  const port = (name: keyof typeof LOCAL_STACK_PORTS) => Number(env[name] ?? LOCAL_STACK_PORTS[name]);
  return {
    home: env.METERLINE_HOME ?? join(process.cwd(), '.meterline'),
    vmPort: port('METERLINE_VM_PORT'),
    statsApiPort: port('METERLINE_STATS_API_PORT'),
    otlpGrpcPort: port('METERLINE_OTLP_GRPC_PORT'),
    otlpHttpPort: port('METERLINE_OTLP_HTTP_PORT'),
    collectorHealthPort: port('METERLINE_COLLECTOR_HEALTH_PORT'),
    victoriaLogsPort: port('METERLINE_VICTORIA_LOGS_PORT'),
    jaegerPorts: {
      query: port('METERLINE_JAEGER_PORT'),
      queryGrpc: port('METERLINE_JAEGER_GRPC_PORT'),
      otlpGrpc: port('METERLINE_JAEGER_OTLP_GRPC_PORT'),
      otlpHttp: port('METERLINE_JAEGER_OTLP_HTTP_PORT'),
      health: port('METERLINE_JAEGER_HEALTH_PORT'),
    },
    exampleIntervalSeconds: Number(env.METERLINE_EXAMPLE_INTERVAL_SECONDS ?? 5),
  };
}

export const statePath = (home: string) => join(home, 'state.json');
