// What points Claude Code at this stack: the environment block `meterline claude-code` prints, and the
// same settings as a managed-settings file. The end-to-end tests run the real Claude Code CLI with exactly
// this block, so the README's instructions are the tested ones.

/** The OTLP protocols Claude Code offers. */
export const CLAUDE_CODE_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
export type ClaudeCodeProtocol = (typeof CLAUDE_CODE_PROTOCOLS)[number];

export interface ClaudeCodeSetup {
  /** Default grpc (the collector's port 4317). */
  protocol?: ClaudeCodeProtocol;
  /** The collector's host. Default localhost. */
  host?: string;
  /** The collector's ports. Defaults: the compose stack's and `meterline up`'s, 4317 and 4318. */
  grpcPort?: number;
  httpPort?: number;
  /** Attributes an administrator sets for everyone (organization.id, department, team.id, cost_center). */
  resourceAttributes?: Readonly<Record<string, string>>;
}

/**
 * Claude Code's telemetry settings for this stack. `CLAUDE_CODE_ENABLE_TELEMETRY=1` is required (without
 * it Claude Code exports nothing), metrics and events both go over OTLP, and the protocol matches the port.
 */
export function claudeCodeEnvironment({
  protocol = 'grpc',
  host = 'localhost',
  grpcPort = 4317,
  httpPort = 4318,
  resourceAttributes = {},
}: ClaudeCodeSetup = {}): Record<string, string> {
  const port = protocol === 'grpc' ? grpcPort : httpPort;
  const env: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${host}:${port}`,
  };
  const attributes = Object.entries(resourceAttributes);
  // Values are percent-encoded, as the OpenTelemetry environment specification has them.
  if (attributes.length > 0)
    env.OTEL_RESOURCE_ATTRIBUTES = attributes.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(',');
  return env;
}

/** Resource attribute keys as OTEL_RESOURCE_ATTRIBUTES takes them: no separators, no spaces. */
const KEY = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** Parses `key=value` flags into resource attributes, refusing keys the environment variable cannot carry. */
export function parseAttributes(pairs: readonly string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    if (at <= 0 || !KEY.test(key)) throw new Error(`--attribute ${JSON.stringify(pair)}: expected key=value`);
    attributes[key] = pair.slice(at + 1);
  }
  return attributes;
}

/** The block a shell sources, quoted for POSIX shells. */
export function shellBlock(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `export ${key}='${value.replaceAll("'", `'\\''`)}'`)
    .join('\n');
}

/** The same settings as a managed-settings.json for administrators (Claude Code reads its `env`). */
export function managedSettings(env: Readonly<Record<string, string>>): string {
  return JSON.stringify({ env }, null, 2);
}
