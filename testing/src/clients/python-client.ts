import { fileURLToPath } from 'node:url';

/** The OpenTelemetry Python SDK's interpreter, installed into .venv by scripts/python-client.sh. */
export const PYTHON = fileURLToPath(new URL('../../../.venv/bin/python', import.meta.url));

/** A script sending metrics with the Python SDK over OTLP gRPC to the endpoint given as its argument. */
export const PYTHON_CLIENT_SCRIPT = fileURLToPath(
  new URL('../../clients/python/send_metrics.py', import.meta.url),
);
