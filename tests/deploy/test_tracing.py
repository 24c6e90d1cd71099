"""core.tracing: off by default; when on, one trace runs client → workflow → activity and is
exported over OTLP/HTTP (to a collector stand-in on 127.0.0.1)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from core.settings import Settings
from core.tracing import _tracer_provider, otel_exporter_endpoint, tracing_interceptors


@activity.defn(name="greet_for_trace")
async def greet_for_trace(name: str) -> str:
    return f"xin chào {name}"


@workflow.defn(name="TraceProbe")
class TraceProbe:
    @workflow.run
    async def run(self, name: str) -> str:
        return await workflow.execute_activity(
            greet_for_trace, name, start_to_close_timeout=timedelta(seconds=10)
        )


@dataclass
class Collector:
    url: str
    bodies: list[bytes]


@pytest.fixture
def collector() -> Iterator[Collector]:
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            if self.path == "/v1/traces":
                bodies.append(self.rfile.read(length))
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Collector(f"http://127.0.0.1:{server.server_address[1]}", bodies)
    finally:
        server.shutdown()
        server.server_close()


def test_off_unless_an_endpoint_is_configured() -> None:
    assert tracing_interceptors(Settings()) == []
    assert tracing_interceptors(SimpleNamespace(otel_exporter_endpoint="  ")) == []
    assert otel_exporter_endpoint(SimpleNamespace()) is None


def test_an_endpoint_gives_one_tracing_interceptor() -> None:
    settings = SimpleNamespace(otel_exporter_endpoint="http://127.0.0.1:4318")
    (interceptor,) = tracing_interceptors(settings)
    assert isinstance(interceptor, TracingInterceptor)
    (again,) = tracing_interceptors(settings)
    assert _tracer_provider.cache_info().hits >= 1, "one provider per process, not per call"
    assert again is not interceptor


async def test_one_trace_from_client_through_workflow_to_activity(
    dev_env: WorkflowEnvironment, collector: Collector
) -> None:
    service = f"tdkt-test-{uuid.uuid4().hex[:6]}"
    settings = SimpleNamespace(otel_exporter_endpoint=collector.url)
    interceptors = tracing_interceptors(settings, service=service)
    config = dev_env.client.config()
    config["interceptors"] = interceptors
    client = Client(**config)
    task_queue = f"trace-{uuid.uuid4()}"
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[TraceProbe],
        activities=[greet_for_trace],
        workflow_runner=UnsandboxedWorkflowRunner(),
    ):
        result = await client.execute_workflow(
            TraceProbe.run, "Hà Nội", id=f"trace-{uuid.uuid4()}", task_queue=task_queue
        )
    assert result == "xin chào Hà Nội"
    assert _tracer_provider(collector.url, service).force_flush(10_000)

    spans = []
    for body in collector.bodies:
        request = ExportTraceServiceRequest.FromString(body)
        for resource_spans in request.resource_spans:
            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            assert attributes["service.name"] == service
            for scope in resource_spans.scope_spans:
                spans += list(scope.spans)
    names = {span.name for span in spans}
    assert {
        "StartWorkflow:TraceProbe",
        "RunWorkflow:TraceProbe",
        "StartActivity:greet_for_trace",
        "RunActivity:greet_for_trace",
    } <= names, names
    assert len({span.trace_id for span in spans}) == 1, (
        "client, workflow and activity share a trace"
    )
