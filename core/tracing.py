"""OpenTelemetry tracing across API → Temporal → workflows → activities.

`tracing_interceptors(settings)` returns the interceptors for `Client.connect(interceptors=...)`:
empty unless an OTLP endpoint is configured (`TDKT_OTEL_EXPORTER_ENDPOINT`, OTLP over HTTP, e.g.
`http://otel-collector:4318`). A `TracingInterceptor` on the client also applies to every worker
built from that client, so the API's "StartWorkflow" span becomes the parent of the workflow's
"RunWorkflow" span and of each "RunActivity" span: one trace per dossier command.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from temporalio.client import Interceptor

DEFAULT_SERVICE = "tdkt"


def otel_exporter_endpoint(settings: Any) -> str | None:
    """The configured OTLP endpoint, or None (tolerates Settings without the field)."""
    value = getattr(settings, "otel_exporter_endpoint", None)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def tracing_interceptors(settings: Any, *, service: str = DEFAULT_SERVICE) -> list[Interceptor]:
    """Temporal client interceptors for tracing; `[]` when no OTLP endpoint is configured."""
    endpoint = otel_exporter_endpoint(settings)
    if endpoint is None:
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    provider = _tracer_provider(endpoint, service)
    return [TracingInterceptor(provider.get_tracer("tdkt.temporal"))]


@lru_cache(maxsize=8)
def _tracer_provider(endpoint: str, service: str) -> Any:
    """One SDK tracer provider per (endpoint, service) in this process, exporting in batches.

    The global provider is left alone: the interceptor gets its tracer explicitly, so tests and
    several services in one process do not fight over `set_tracer_provider`.
    """
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service}))
    provider.add_span_processor(
        BatchSpanProcessor(OTLPSpanExporter(endpoint=_traces_url(endpoint)))
    )
    return provider


def _traces_url(endpoint: str) -> str:
    """OTLP/HTTP wants the full `/v1/traces` URL when the endpoint is passed explicitly."""
    base = endpoint.rstrip("/")
    return base if base.endswith("/v1/traces") else f"{base}/v1/traces"
