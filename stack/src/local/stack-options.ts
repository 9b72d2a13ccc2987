// Where the local stack keeps its state and which ports it uses: what `meterline down`, `status`, `query`,
// `stats` and `claude-code` read.
import { join } from 'node:path';

export interface LocalStackOptions {
  /** Data, logs and state. Default: `.meterline` in the working directory (METERLINE_HOME). */
  home: string;
  vmPort: number;
  statsApiPort: number;
  otlpGrpcPort: number;
  otlpHttpPort: number;
  collectorHealthPort: number;
  /** Seconds between rounds of the example service. Default 5. */
  exampleIntervalSeconds: number;
}

export interface StackState {
  pid: number;
  /** `ui`: vmui, when the VictoriaMetrics binary embeds it. */
  victoriaMetrics: { url: string; pid?: number; ui?: string };
  collector?: { grpc: string; http: string; pid?: number };
  statsApi: { url: string };
  startedAt: string;
}

export function localStackOptions(env: Readonly<Record<string, string | undefined>>): LocalStackOptions {
  const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
  return {
    home: env.METERLINE_HOME ?? join(process.cwd(), '.meterline'),
    vmPort: port('METERLINE_VM_PORT', 8428),
    statsApiPort: port('METERLINE_STATS_API_PORT', 8787),
    otlpGrpcPort: port('METERLINE_OTLP_GRPC_PORT', 4317),
    otlpHttpPort: port('METERLINE_OTLP_HTTP_PORT', 4318),
    collectorHealthPort: port('METERLINE_COLLECTOR_HEALTH_PORT', 13133),
    exampleIntervalSeconds: port('METERLINE_EXAMPLE_INTERVAL_SECONDS', 5),
  };
}

export const statePath = (home: string) => join(home, 'state.json');
