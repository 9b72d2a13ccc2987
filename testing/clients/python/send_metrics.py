"""An independent OpenTelemetry client: the OpenTelemetry Python SDK sends two catalog metrics over OTLP
gRPC to the collector given as the first argument. Used by the interoperability test."""

import sys

from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource


def main(endpoint: str) -> None:
    reader = PeriodicExportingMetricReader(
        OTLPMetricExporter(endpoint=endpoint, insecure=True), export_interval_millis=3_600_000
    )
    provider = MeterProvider(
        resource=Resource.create({"service.name": "python-client", "service.namespace": "interop"}),
        metric_readers=[reader],
    )
    meter = provider.get_meter("interop")
    attributes = {"session.id": "py-1", "user.id": "u-py", "organization.id": "o-py", "model": "m", "outcome": "success"}
    meter.create_counter("usage.requests", unit="{request}").add(3, attributes)
    duration = meter.create_histogram(
        "usage.request.duration", unit="s", explicit_bucket_boundaries_advisory=[0.1, 0.25, 0.5, 1.0]
    )
    for seconds in (0.2, 0.3, 0.7):
        duration.record(seconds, attributes)
    provider.force_flush()
    provider.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
