"""The Temporal client factory shared by the API, the worker and the tools."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from core.converter import data_converter
from core.settings import Settings
from core.tracing import tracing_interceptors


def metrics_runtime(port: int) -> Runtime:
    """A Temporal runtime exporting SDK metrics (seconds) for Prometheus on `port`."""
    return Runtime(
        telemetry=TelemetryConfig(
            metrics=PrometheusConfig(bind_address=f"0.0.0.0:{port}", durations_as_seconds=True)
        )
    )


async def connect_temporal(settings: Settings, *, runtime: Runtime | None = None) -> Client:
    """Connect to the configured Temporal frontend with the pydantic data converter."""
    return await Client.connect(
        settings.temporal_target,
        namespace=settings.temporal_namespace,
        data_converter=data_converter,
        interceptors=tracing_interceptors(settings),
        runtime=runtime,
    )
