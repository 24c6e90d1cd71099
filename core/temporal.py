"""The Temporal client factory shared by the API, the worker and the tools."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from core.settings import Settings
from core.tracing import tracing_interceptors


async def connect_temporal(settings: Settings) -> Client:
    """Connect to the configured Temporal frontend with the pydantic data converter."""
    return await Client.connect(
        settings.temporal_target,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        interceptors=tracing_interceptors(settings),
    )
