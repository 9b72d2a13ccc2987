import { readFileSync } from 'node:fs';
import type { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSettings } from '../environment/otlp-settings.ts';

// OTLP exporters for each protocol, built from settings Meterline resolved itself, so every value comes
// from the options or the environment Meterline was given. Each protocol's package is imported only when
// it is used: gRPC loads @grpc/grpc-js, which an HTTP or remote-write user never needs.

/** The packages OTLP over gRPC needs: optional peer dependencies, so that nobody else installs gRPC. */
const GRPC_PACKAGES =
  '@opentelemetry/exporter-metrics-otlp-grpc @opentelemetry/exporter-trace-otlp-grpc @opentelemetry/otlp-grpc-exporter-base';

/** Imports a gRPC package, or says which to install when it is missing. */
async function grpcPackage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(`OTLP over gRPC needs its optional packages: npm install ${GRPC_PACKAGES}`);
  }
}

function readPem(path: string | undefined): Buffer | undefined {
  return path === undefined ? undefined : readFileSync(path);
}

/** The options every OTLP exporter takes, for the HTTP protocols. */
function httpOptions(settings: OtlpSettings) {
  const ca = readPem(settings.certificateFile);
  const key = readPem(settings.clientKeyFile);
  const cert = readPem(settings.clientCertificateFile);
  return {
    url: settings.url,
    headers: settings.headers,
    timeoutMillis: settings.timeoutMillis,
    // The enum's values are the strings themselves.
    compression: settings.compression as CompressionAlgorithm,
    ...(ca || key || cert ? { httpAgentOptions: { ca, key, cert } } : {}),
  };
}

/** The options for the gRPC protocol: headers become metadata, TLS becomes channel credentials. */
async function grpcOptions(settings: OtlpSettings) {
  const { createEmptyMetadata, createInsecureCredentials, createSslCredentials } = await grpcPackage(
    () => import('@opentelemetry/otlp-grpc-exporter-base'),
  );
  const metadata = createEmptyMetadata();
  for (const [key, value] of Object.entries(settings.headers)) metadata.set(key, value);
  return {
    url: settings.url,
    metadata,
    timeoutMillis: settings.timeoutMillis,
    compression: settings.compression as CompressionAlgorithm,
    credentials: settings.insecure
      ? createInsecureCredentials()
      : createSslCredentials(
          readPem(settings.certificateFile),
          readPem(settings.clientKeyFile),
          readPem(settings.clientCertificateFile),
        ),
  };
}

/** An OTLP metric exporter for `settings.protocol`. */
export async function otlpMetricExporter(settings: OtlpSettings): Promise<PushMetricExporter> {
  switch (settings.protocol) {
    case 'grpc': {
      const { OTLPMetricExporter } = await grpcPackage(
        () => import('@opentelemetry/exporter-metrics-otlp-grpc'),
      );
      return new OTLPMetricExporter(await grpcOptions(settings));
    }
    case 'http/protobuf': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto');
      return new OTLPMetricExporter(httpOptions(settings));
    }
    case 'http/json': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
      return new OTLPMetricExporter(httpOptions(settings));
    }
  }
}

/** An OTLP span exporter for `settings.protocol`. */
export async function otlpSpanExporter(settings: OtlpSettings): Promise<SpanExporter> {
  switch (settings.protocol) {
    case 'grpc': {
      const { OTLPTraceExporter } = await grpcPackage(
        () => import('@opentelemetry/exporter-trace-otlp-grpc'),
      );
      return new OTLPTraceExporter(await grpcOptions(settings));
    }
    case 'http/protobuf': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter(httpOptions(settings));
    }
    case 'http/json': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      return new OTLPTraceExporter(httpOptions(settings));
    }
  }
}
