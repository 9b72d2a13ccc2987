#!/usr/bin/env bash
# Installs the OpenTelemetry Python SDK into .venv for the interoperability test (an independent client
# sending through the collector). Skipped when the venv already has it.
set -euo pipefail
cd "$(dirname "$0")/.."
if .venv/bin/python -c 'import opentelemetry.sdk, opentelemetry.exporter.otlp.proto.grpc' >/dev/null 2>&1; then
  exit 0
fi
echo "meterline: installing the OpenTelemetry Python SDK into .venv (interoperability test)…"
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check opentelemetry-sdk==1.45.2 opentelemetry-exporter-otlp-proto-grpc==1.45.2
