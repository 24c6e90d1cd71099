"""The worker check before each decision: a yes is cached briefly, a no is never cached, and a
transient failure of the describe is asked again before it becomes a 503."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import pytest
from temporalio.api.taskqueue.v1 import PollerInfo
from temporalio.api.workflowservice.v1 import DescribeTaskQueueResponse
from temporalio.service import RPCError, RPCStatusCode

from api.errors import Unavailable
from api.services import temporal_errors, temporal_gateway
from api.state import AppState


@dataclass
class FakeService:
    polling: bool
    calls: int = 0
    failures: list[RPCStatusCode] = field(default_factory=list)  # answered first, in order

    async def describe_task_queue(self, request: Any, **_options: Any) -> Any:
        self.calls += 1
        if self.failures:
            raise RPCError("describe failed", self.failures.pop(0), b"")
        response = DescribeTaskQueueResponse()
        if self.polling:
            poller = PollerInfo(identity="worker@test")
            poller.last_access_time.FromDatetime(datetime.now(UTC))
            response.pollers.append(poller)
        return response


@dataclass
class FakeState:
    service: FakeService
    settings: Any = field(default_factory=lambda: SimpleNamespace(task_queue="q"))
    worker_seen_until: dict[str, float] = field(default_factory=dict)

    async def temporal(self) -> Any:
        return SimpleNamespace(namespace="default", workflow_service=self.service)


async def test_a_seen_worker_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeState(FakeService(polling=True))
    state = cast(AppState, fake)
    clock = [1000.0]
    monkeypatch.setattr(temporal_gateway, "monotonic", lambda: clock[0])
    await temporal_gateway.require_worker(state)
    await temporal_gateway.require_worker(state)
    assert await temporal_gateway.worker_available(state)
    assert fake.service.calls == 1  # the cache answered the second and third time
    clock[0] += temporal_gateway.WORKER_SEEN_TTL + 0.1
    await temporal_gateway.require_worker(state)
    assert fake.service.calls == 2  # expired: Temporal is asked again


async def test_no_worker_is_not_cached_and_fails_at_once() -> None:
    fake = FakeState(FakeService(polling=False))
    state = cast(AppState, fake)
    for expected_calls in (1, 2):
        with pytest.raises(Unavailable):
            await temporal_gateway.require_worker(state)
        assert fake.service.calls == expected_calls
    fake.service.polling = True  # a worker came up: seen on the next request
    await temporal_gateway.require_worker(state)
    fake.service.polling = False  # ...and trusted for the TTL
    await temporal_gateway.require_worker(state)
    assert fake.service.calls == 3


async def test_a_transient_describe_failure_is_asked_again() -> None:
    fake = FakeState(FakeService(polling=True, failures=[RPCStatusCode.CANCELLED]))
    await temporal_gateway.require_worker(cast(AppState, fake))
    assert fake.service.calls == 2
    fake = FakeState(
        FakeService(polling=True, failures=[RPCStatusCode.UNAVAILABLE, RPCStatusCode.CANCELLED])
    )
    await temporal_gateway.require_worker(cast(AppState, fake))
    assert fake.service.calls == 3


async def test_a_lasting_or_other_describe_failure_is_a_503() -> None:
    down = [RPCStatusCode.UNAVAILABLE] * 5
    fake = FakeState(FakeService(polling=True, failures=down))
    with pytest.raises(Unavailable) as raised:
        await temporal_gateway.require_worker(cast(AppState, fake))
    assert raised.value.detail == Unavailable(temporal_errors.TEMPORAL_DOWN).detail
    assert fake.service.calls == 1 + len(temporal_gateway.DESCRIBE_RETRY_PAUSES)
    for status in (RPCStatusCode.PERMISSION_DENIED, RPCStatusCode.DEADLINE_EXCEEDED):
        fake = FakeState(FakeService(polling=True, failures=[status]))
        with pytest.raises(Unavailable):
            await temporal_gateway.require_worker(cast(AppState, fake))
        assert fake.service.calls == 1  # not transient: answered at once
