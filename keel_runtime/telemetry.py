"""OpenTelemetry setup: traces and metrics configured by the standard `OTEL_*` variables.

Tracing is always on; what it costs is decided by sampling. The RPC layer creates
server spans itself (see `keel_runtime.rpc`) instead of using
`opentelemetry-instrumentation-grpc`, whose grpc.aio interceptors cost 50-70 % of unary
throughput here even with nothing sampled. Database and Redis spans come from the
standard SQLAlchemy and Redis instrumentations.

Defaults when the variables are unset: W3C trace-context propagation, a parent-based
10 % ratio sampler (`OTEL_TRACES_SAMPLER`/`OTEL_TRACES_SAMPLER_ARG` override it), OTLP/gRPC
export in a background batch processor when `OTEL_EXPORTER_OTLP[_TRACES]_ENDPOINT` is
set, and no export otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBasedTraceIdRatio

DEFAULT_SAMPLING_RATIO = 0.1


class _Resource(Resource):
    """A resource hashed once: the exporter groups every span it encodes by its resource,
    and the SDK's hash serializes the attributes to JSON each time (~3 µs a span)."""

    def __init__(self, resource: Resource) -> None:
        super().__init__(resource.attributes, resource.schema_url)
        self._hash = super().__hash__()

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or super().__eq__(other)


@dataclass
class Telemetry:
    tracer_provider: TracerProvider | None
    meter_provider: MeterProvider | None

    def shutdown(self) -> None:
        """Flush what is buffered and stop the exporters (called on graceful shutdown)."""
        if self.tracer_provider is not None:
            self.tracer_provider.force_flush(timeout_millis=5000)
            self.tracer_provider.shutdown()
        if self.meter_provider is not None:
            self.meter_provider.shutdown(timeout_millis=5000)


def _otlp_endpoint(signal: str) -> str | None:
    return os.environ.get(f"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )


def _disabled() -> bool:
    return os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"


def setup(service: str) -> Telemetry:
    """Install the global tracer and meter providers for `service`."""
    if _disabled():
        return Telemetry(None, None)
    resource = _Resource(
        Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)})
    )
    tracer_provider = None
    # `OTEL_TRACES_EXPORTER=none` turns tracing off (no spans, no instrumentation at all)
    # and leaves metrics on.
    if os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() != "none":
        tracer_provider = _tracer_provider(resource)
        trace.set_tracer_provider(tracer_provider)
        instrument_libraries()
    meter_provider = _meter_provider(resource)
    if meter_provider is not None:
        metrics.set_meter_provider(meter_provider)
    return Telemetry(tracer_provider, meter_provider)


def _tracer_provider(resource: Resource) -> TracerProvider:
    # Our default ratio applies only when OTEL_TRACES_SAMPLER is not set; the SDK reads
    # the variables itself otherwise.
    sampler = None
    if not os.environ.get("OTEL_TRACES_SAMPLER"):
        sampler = ParentBasedTraceIdRatio(DEFAULT_SAMPLING_RATIO)
    provider = TracerProvider(resource=resource, sampler=sampler)
    if _otlp_endpoint("TRACES"):
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def _meter_provider(resource: Resource) -> MeterProvider | None:
    if os.environ.get("OTEL_METRICS_EXPORTER", "otlp") != "otlp" or not _otlp_endpoint("METRICS"):
        return None
    from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

    reader = PeriodicExportingMetricReader(OTLPMetricExporter())
    return MeterProvider(resource=resource, metric_readers=[reader])


def instrument_libraries() -> None:
    """Database and Redis spans: engines and clients created from now on are traced."""
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
    from opentelemetry.instrumentation.utils import unwrap
    from opentelemetry.metrics import NoOpMeterProvider
    from sqlalchemy.engine.base import Engine

    redis = RedisInstrumentor()
    if not redis.is_instrumented_by_opentelemetry:
        redis.instrument()
    sqlalchemy = SQLAlchemyInstrumentor()
    if not sqlalchemy.is_instrumented_by_opentelemetry:
        # Measured in `make bench`: its pool-usage metric (updated on every checkout and
        # checkin) and a "connect" span per pool checkout cost more than they tell, on
        # every call, sampled or not. Statement spans stay.
        sqlalchemy.instrument(meter_provider=NoOpMeterProvider())
        unwrap(Engine, "connect")
