"""Each way a Temporal call can fail while the worker is slow or gone has its own honest 503.

"Temporal unreachable" only for UNAVAILABLE; a workflow whose task keeps timing out
(FAILED_PRECONDITION), too many updates in flight (RESOURCE_EXHAUSTED), a deadline passed, or
an unforeseen server error each say what is happening, in Vietnamese or English, with a
Retry-After, and are logged with their gRPC status and the bound dossier and workflow ids.
The same table holds for an update, an update-with-start (create) and a plain start.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import httpx
import pytest
import structlog
from fastapi import FastAPI
from temporalio.client import WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError, RPCStatusCode

from api.errors import Unavailable, install_error_handlers
from api.services import temporal_gateway
from api.state import AppState
from core import i18n

UNREACHABLE = {
    "vi": "Không kết nối được máy chủ quy trình (Temporal); vui lòng thử lại sau",
    "en": "The workflow server (Temporal) is unreachable; please retry later",
}
STALLED = {
    "vi": "Hệ thống xử lý hồ sơ đang bận: các yêu cầu trước đó chưa được xử lý xong nên chưa"
    " nhận thêm yêu cầu này",
    "en": "The dossier processing system is busy: it has not finished the earlier requests, so"
    " it does not take this one yet",
}
OVERLOADED = {
    "vi": "Hệ thống xử lý hồ sơ đang bận: có quá nhiều yêu cầu đang chờ xử lý nên chưa nhận"
    " thêm yêu cầu này",
    "en": "The dossier processing system is busy: too many requests are waiting, so it does"
    " not take this one yet",
}
TIMED_OUT = {
    "vi": "Hệ thống xử lý hồ sơ chưa phản hồi kịp nên thao tác có thể chưa được ghi nhận",
    "en": "The dossier processing system did not answer in time, so the action may not be"
    " recorded yet",
}
SERVER_ERROR = {
    "vi": "Máy chủ quy trình (Temporal) báo lỗi khi xử lý yêu cầu",
    "en": "The workflow server (Temporal) reported an error while handling the request",
}
SAME_KEY = {
    "vi": "vui lòng gửi lại sau với cùng Idempotency-Key (thao tác chỉ được thực hiện một lần)",
    "en": "please send it again later with the same Idempotency-Key (the action is carried out"
    " only once)",
}
CHECK_FIRST = {
    "vi": "vui lòng kiểm tra lại hồ sơ rồi mới gửi lại sau",
    "en": "please check the dossier before sending it again later",
}
# status -> (reason, Retry-After); None: the message has no advice (Temporal is down)
TABLE: list[tuple[RPCStatusCode, dict[str, str] | None, str]] = [
    (RPCStatusCode.FAILED_PRECONDITION, STALLED, "10"),
    (RPCStatusCode.RESOURCE_EXHAUSTED, OVERLOADED, "10"),
    (RPCStatusCode.DEADLINE_EXCEEDED, TIMED_OUT, "5"),
    (RPCStatusCode.CANCELLED, TIMED_OUT, "5"),
    (RPCStatusCode.INTERNAL, SERVER_ERROR, "5"),
    (RPCStatusCode.UNKNOWN, SERVER_ERROR, "5"),
    (RPCStatusCode.UNAVAILABLE, None, "5"),
]
SERVER_TEXT = {  # what the Temporal server says for each (logged, never shown)
    RPCStatusCode.FAILED_PRECONDITION: "Unable to perform workflow execution update due to "
    "Workflow Task in failed state.",
    RPCStatusCode.RESOURCE_EXHAUSTED: "limit on number of concurrent in-flight updates has "
    "been reached (10)",
}


@dataclass
class Failing:
    """A Temporal client (and workflow handle) whose every call raises ``error``."""

    error: BaseException
    namespace: str = "default"

    def get_workflow_handle(self, _workflow_id: str) -> Failing:
        return self

    async def _raise(self, *_args: Any, **_kwargs: Any) -> Any:
        raise self.error

    execute_update = _raise
    execute_update_with_start_workflow = _raise
    start_workflow = _raise


def _state(error: BaseException) -> AppState:
    client = Failing(error)

    async def temporal() -> Any:
        return client

    settings = SimpleNamespace(task_queue="q")
    fake = SimpleNamespace(temporal=temporal, settings=settings, worker_seen_until={"q": 1e18})
    return cast(AppState, fake)


def _error(status: RPCStatusCode) -> RPCError:
    return RPCError(SERVER_TEXT.get(status, f"{status.name} from the server"), status, b"")


def _expected(reason: dict[str, str] | None, lang: str, *, keyed: bool) -> str:
    if reason is None:
        return UNREACHABLE[lang]
    advice = (SAME_KEY if keyed else CHECK_FIRST)[lang]
    return f"{reason[lang]}; {advice}"


Call = Callable[[AppState, bool], Awaitable[Any]]


async def _update(state: AppState, keyed: bool) -> Any:
    return await temporal_gateway.execute_update(
        state=state, workflow_id="dossier-key-abc", update="decide", payload={}, keyed=keyed
    )


async def _create(state: AppState, keyed: bool) -> Any:
    data = SimpleNamespace(request_hash="f" * 64)
    return await temporal_gateway.open_dossier(
        state=state, workflow_id="dossier-key-abc", data=cast(Any, data), keyed=keyed
    )


@pytest.mark.parametrize(("status", "reason", "retry_after"), TABLE)
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("keyed", [True, False])
@pytest.mark.parametrize("call", [_update, _create], ids=["update", "create"])
async def test_each_failure_is_worded_for_what_it_is(
    status: RPCStatusCode,
    reason: dict[str, str] | None,
    retry_after: str,
    lang: i18n.Lang,
    keyed: bool,
    call: Call,
) -> None:
    with i18n.using(lang), pytest.raises(Unavailable) as raised:
        await call(_state(_error(status)), keyed)
    assert raised.value.status == 503
    assert raised.value.detail == _expected(reason, lang, keyed=keyed)
    assert raised.value.headers == {"Retry-After": retry_after}


@pytest.mark.parametrize("call", [_update, _create], ids=["update", "create"])
async def test_an_update_not_answered_in_time_is_worded_as_such(call: Call) -> None:
    error = WorkflowUpdateRPCTimeoutOrCancelledError()
    with i18n.using("en"), pytest.raises(Unavailable) as raised:
        await call(_state(error), True)
    assert raised.value.detail == _expected(TIMED_OUT, "en", keyed=True)
    assert raised.value.headers == {"Retry-After": "5"}


@pytest.mark.parametrize(("status", "reason", "retry_after"), TABLE)
async def test_a_plain_start_is_worded_the_same(
    status: RPCStatusCode, reason: dict[str, str] | None, retry_after: str
) -> None:
    with i18n.using("vi"), pytest.raises(Unavailable) as raised:
        await temporal_gateway.start_unique(
            state=_state(_error(status)), workflow_type="W", arg=None, workflow_id="w", duplicate=""
        )
    assert raised.value.detail == _expected(reason, "vi", keyed=False)
    assert raised.value.headers == {"Retry-After": retry_after}


async def test_the_failure_is_logged_with_its_grpc_status_and_ids() -> None:
    state = _state(_error(RPCStatusCode.FAILED_PRECONDITION))
    with (
        structlog.testing.capture_logs(
            processors=[structlog.contextvars.merge_contextvars]
        ) as logs,
        structlog.contextvars.bound_contextvars(dossier_id="HS-2026-0000001"),
        pytest.raises(Unavailable),
    ):
        await _update(state, True)
    failed = [e for e in logs if e["event"] == "temporal.update_failed"]
    assert len(failed) == 1
    assert failed[0]["grpc_status"] == "FAILED_PRECONDITION"
    assert failed[0]["grpc_code"] == 9
    assert failed[0]["error"] == SERVER_TEXT[RPCStatusCode.FAILED_PRECONDITION]
    assert failed[0]["dossier_id"] == "HS-2026-0000001"
    assert failed[0]["workflow_id"] == "dossier-key-abc"


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_answer_carries_its_own_retry_after(lang: i18n.Lang) -> None:
    """The problem+json of a busy 503 keeps its Retry-After (10), not the default 5."""
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/x")
    async def busy() -> None:
        with i18n.using(lang):
            await _update(_state(_error(RPCStatusCode.RESOURCE_EXHAUSTED)), True)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        r = await client.post("/x")
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "10"
    assert r.json()["detail"] == _expected(OVERLOADED, lang, keyed=True)


async def test_a_closed_workflow_is_not_an_outage() -> None:
    with pytest.raises(temporal_gateway.WorkflowClosed):
        await _update(_state(RPCError("workflow not found", RPCStatusCode.NOT_FOUND, b"")), True)
