import { type Environment, read, readFirst } from './otel-variables.ts';

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export type OtlpSignal = 'metrics' | 'traces';

/** What the code says about one signal's OTLP export; each overrides its `OTEL_EXPORTER_OTLP_*` variable. */
export interface OtlpOptions {
  protocol?: OtlpProtocol;
  /** The URL as the exporter uses it: with `/v1/metrics` or `/v1/traces` for HTTP. */
  endpoint?: string;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  compression?: 'gzip' | 'none';
}

/** One signal's OTLP export, resolved. */
export interface OtlpSettings {
  protocol: OtlpProtocol;
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  /** gRPC over plain text: `OTEL_EXPORTER_OTLP_INSECURE=true`, or an `http://` endpoint. */
  insecure: boolean;
  /** PEM files for TLS: the server's CA, and the client's key and certificate for mutual TLS. */
  certificateFile?: string;
  clientKeyFile?: string;
  clientCertificateFile?: string;
}

const DEFAULT_PORT: Record<OtlpProtocol, number> = { grpc: 4317, 'http/protobuf': 4318, 'http/json': 4318 };

/** `key=value,key=value` with percent-encoded values (the W3C baggage format the specification uses). */
export function parseKeyValues(
  text: string | undefined,
  what: string,
  warnings: string[],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of (text ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const equals = entry.indexOf('=');
    const key = equals > 0 ? entry.slice(0, equals).trim() : '';
    try {
      if (key === '') throw new Error('no key');
      result[key] = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      warnings.push(`${what}: "${entry.trim()}" is not key=value with a percent-encoded value; skipped`);
    }
  }
  return result;
}

/** A signal's OTLP settings: options, else the signal's variable, else the general one, else defaults. */
export function otlpSettings(
  signal: OtlpSignal,
  env: Environment,
  options: OtlpOptions,
  warnings: string[],
): OtlpSettings {
  const upper = signal.toUpperCase();
  const variable = (name: string) =>
    readFirst(env, `OTEL_EXPORTER_OTLP_${upper}_${name}`, `OTEL_EXPORTER_OTLP_${name}`);
  const choose = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const found = variable(name);
    if (found === undefined) return fallback;
    if ((allowed as readonly string[]).includes(found[1])) return found[1] as T;
    warnings.push(`${found[0]}="${found[1]}" is not one of ${allowed.join(', ')}; using ${fallback}`);
    return fallback;
  };
  const protocol = options.protocol ?? choose('PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf');
  const http = protocol !== 'grpc';
  const general = read(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const url =
    options.endpoint ??
    read(env, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`) ??
    // The general endpoint is a base: HTTP appends the signal's path, gRPC takes it as it is.
    (general === undefined ? undefined : http ? `${general.replace(/\/+$/, '')}/v1/${signal}` : general) ??
    `http://localhost:${DEFAULT_PORT[protocol]}${http ? `/v1/${signal}` : ''}`;
  const timeout = variable('TIMEOUT');
  let timeoutMillis = options.timeoutMillis ?? 10_000;
  if (options.timeoutMillis === undefined && timeout !== undefined) {
    const value = Number(timeout[1]);
    if (Number.isInteger(value) && value > 0) timeoutMillis = value;
    else
      warnings.push(`${timeout[0]}="${timeout[1]}" is not a positive integer of milliseconds; using 10000`);
  }
  const headers = {
    ...parseKeyValues(read(env, 'OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS', warnings),
    ...parseKeyValues(
      read(env, `OTEL_EXPORTER_OTLP_${upper}_HEADERS`),
      `OTEL_EXPORTER_OTLP_${upper}_HEADERS`,
      warnings,
    ),
    ...options.headers,
  };
  const file = (name: string) => variable(name)?.[1];
  return {
    protocol,
    url,
    headers,
    timeoutMillis,
    compression: options.compression ?? choose('COMPRESSION', ['gzip', 'none'], 'none'),
    insecure: choose('INSECURE', ['true', 'false'], 'false') === 'true' || url.startsWith('http://'),
    ...optional('certificateFile', file('CERTIFICATE')),
    ...optional('clientKeyFile', file('CLIENT_KEY')),
    ...optional('clientCertificateFile', file('CLIENT_CERTIFICATE')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
