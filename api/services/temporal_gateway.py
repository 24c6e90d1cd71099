"""Every call the API makes to Temporal, with Temporal failures mapped to API errors.

* A dossier workflow is started with ``id_reuse_policy=REJECT_DUPLICATE`` (duplicate → 409).
* Updates (decide/resubmit/withdraw) fail fast with 503 when no worker polls the task queue, and
  are bounded by ``UPDATE_TIMEOUT`` otherwise, so an HTTP request never hangs on Temporal.
* Every other Temporal failure is worded by :mod:`api.services.temporal_errors`: "unreachable"
  only when Temporal cannot be reached; a frozen worker, too many updates in flight or a
  deadline passed each say so (503 + Retry-After), logged with their gRPC status.
* Validator refusals (``ApplicationError`` types Forbidden/Conflict/Invalid) map to 403/409/422
  with the field named.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from temporalio.api.enums.v1 import TaskQueueKind, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import (
    DescribeTaskQueueRequest,
)
from temporalio.client import (
    Client,
    RPCError,
    WithStartWorkflowOperation,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCStatusCode

from api.domain_text import reword_field
from api.errors import AppError, Conflict, Forbidden, Invalid, Unavailable
from api.refusal_text import refusal_field_text
from api.services.temporal_errors import TEMPORAL_DOWN, rpc_failed, timed_out
from api.state import AppState
from workflows.contracts import (
    REJECT_CONFLICT,
    REJECT_FORBIDDEN,
    REJECT_INVALID,
    UPDATE_OPEN,
    WORKFLOW_TYPE_V2,
    DossierInput,
    DossierStatus,
    OpenRequest,
)

log = structlog.get_logger("tdkt.api.temporal")

UPDATE_TIMEOUT = timedelta(seconds=15)
QUERY_TIMEOUT = timedelta(seconds=5)
# A live worker long-polls continuously; a poller not seen for this long is gone.
POLLER_FRESHNESS = timedelta(seconds=90)
# A worker seen polling is trusted this long without asking Temporal again (one DescribeTaskQueue
# per queue per interval instead of one per request). "No worker" is never cached.
WORKER_SEEN_TTL = 5.0
monotonic = time.monotonic  # the cache's clock (tests replace it)
# A describe failing with one of these is asked again after each pause (0.35 s in all) before
# the request is answered 503; DEADLINE_EXCEEDED is not among them: it already took 3 s.
DESCRIBE_TRANSIENT = (RPCStatusCode.CANCELLED, RPCStatusCode.UNAVAILABLE)
DESCRIBE_RETRY_PAUSES = (0.05, 0.3)

NO_WORKER = "msg.no_worker_is_polling_the_task"  # msgid: AppError words it


async def client_of(state: AppState) -> Client:
    try:
        return await state.temporal()
    except (RPCError, RuntimeError, OSError, TimeoutError) as exc:
        log.warning("temporal.unreachable", error=str(exc))
        raise Unavailable(TEMPORAL_DOWN) from None


async def worker_available(state: AppState) -> bool:
    """True when a worker polled the dossier task queue recently (a yes is cached briefly)."""
    queue = state.settings.task_queue
    if state.worker_seen_until.get(queue, 0.0) > monotonic():
        return True
    client = await client_of(state)
    request = DescribeTaskQueueRequest(
        namespace=client.namespace,
        task_queue=TaskQueue(name=queue, kind=TaskQueueKind.TASK_QUEUE_KIND_NORMAL),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    response = await _describe(client, request)
    now = datetime.now(UTC)
    for poller in response.pollers:
        seen = poller.last_access_time.ToDatetime(tzinfo=UTC)
        if now - seen <= POLLER_FRESHNESS:
            state.worker_seen_until[queue] = monotonic() + WORKER_SEEN_TTL
            return True
    state.worker_seen_until.pop(queue, None)
    return False


async def _describe(client: Client, request: DescribeTaskQueueRequest) -> Any:
    """DescribeTaskQueue, asked again after a short pause when the answer is a transient
    CANCELLED or UNAVAILABLE (a connection ended at its maximum age, a frontend restarting);
    anything else, or the last attempt, is a 503."""
    pauses = iter(DESCRIBE_RETRY_PAUSES)
    while True:
        try:
            return await client.workflow_service.describe_task_queue(
                request, timeout=timedelta(seconds=3)
            )
        except RPCError as exc:
            pause = next(pauses, None) if exc.status in DESCRIBE_TRANSIENT else None
            if pause is None:
                raise rpc_failed("temporal.describe_task_queue_failed", exc, keyed=False) from None
            log.info("temporal.describe_task_queue_retry", error=str(exc))
            await asyncio.sleep(pause)


async def require_worker(state: AppState) -> None:
    if not await worker_available(state):
        raise Unavailable(NO_WORKER)


async def start_unique(
    *, state: AppState, workflow_type: str, arg: Any, workflow_id: str, duplicate: str
) -> None:
    """Start a workflow whose id must be new: a duplicate → 409 `duplicate`; Temporal down → 503."""
    client = await client_of(state)
    try:
        await client.start_workflow(
            workflow_type,
            arg,
            id=workflow_id,
            task_queue=state.settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            rpc_timeout=timedelta(seconds=10),
        )
    except WorkflowAlreadyStartedError:
        raise Conflict(duplicate) from None
    except RPCError as exc:
        raise rpc_failed("temporal.start_failed", exc, keyed=False) from None


async def open_dossier(
    *, state: AppState, workflow_id: str, data: DossierInput, keyed: bool = False
) -> DossierStatus | None:
    """Start the dossier's workflow with its ``open`` update (update-with-start) and return
    the committed opening state. A retry reaches the same run (``USE_EXISTING``) and gets the
    same answer; None when that run has already closed (the caller reads PostgreSQL).
    ``keyed``: the request has an Idempotency-Key (a resend with it is safe)."""
    await require_worker(state)
    client = await client_of(state)
    start: WithStartWorkflowOperation[Any, DossierStatus] = WithStartWorkflowOperation(
        WORKFLOW_TYPE_V2,
        data,
        id=workflow_id,
        task_queue=state.settings.task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        result_type=DossierStatus,
    )
    try:
        status: DossierStatus = await client.execute_update_with_start_workflow(
            UPDATE_OPEN,
            OpenRequest(data.request_hash),
            start_workflow_operation=start,
            id=f"open:{workflow_id}:{data.request_hash[:16]}",
            result_type=DossierStatus,
            rpc_timeout=UPDATE_TIMEOUT,
        )
    except WorkflowAlreadyStartedError:
        await consume_start(start)
        return None
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        if isinstance(cause, ApplicationError):
            raise _refusal(cause) from None
        raise Conflict(str(cause or exc)) from None
    except WorkflowUpdateRPCTimeoutOrCancelledError as exc:
        raise timed_out("temporal.open_timed_out", exc, keyed=keyed) from None
    except RPCError as exc:
        await consume_start(start)
        raise rpc_failed("temporal.open_failed", exc, keyed=keyed) from None
    return status


async def consume_start(start: WithStartWorkflowOperation[Any, Any]) -> None:
    """Retrieve the start operation's own failure (it repeats the one raised), so asyncio does
    not report a never-retrieved exception."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(start.workflow_handle(), 0.1)


def _refusal(error: ApplicationError) -> AppError:
    """A workflow's refusal in the reader's language: worded from its reason code and values
    (details), or, from a worker that sends none, from its sentence."""
    details = error.details[0] if error.details else None
    if not isinstance(details, dict):
        details = {}
    field = details.get("field")
    field = str(field) if field else None
    message = refusal_field_text(field, details.get("code"), details.get("values"))
    if message is None:
        message = reword_field(field, error.message)
    errors = [{"field": str(field), "message": message}] if field else None
    kind: type[AppError] = {
        REJECT_FORBIDDEN: Forbidden,
        REJECT_CONFLICT: Conflict,
        REJECT_INVALID: Invalid,
    }.get(error.type or "", Conflict)
    return kind(message, errors=errors)


class WorkflowClosed(Exception):
    """The dossier's workflow has closed: the update reached nothing."""


async def execute_update(
    *,
    state: AppState,
    workflow_id: str,
    update: str,
    payload: Any,
    update_id: str | None = None,
    keyed: bool = False,
) -> DossierStatus:
    """Run an update on the dossier's workflow; refusals become 403/409/422, outages 503,
    a closed workflow :class:`WorkflowClosed`. The same ``update_id`` (derived from the
    request's Idempotency-Key, then ``keyed``) is applied once, however often it is sent."""
    with structlog.contextvars.bound_contextvars(workflow_id=workflow_id, update=update):
        await require_worker(state)
        return await _update(state, workflow_id, update, payload, update_id, keyed)


async def _update(
    state: AppState, workflow_id: str, update: str, payload: Any, update_id: str | None, keyed: bool
) -> DossierStatus:
    client = await client_of(state)
    handle = client.get_workflow_handle(workflow_id)
    try:
        status: DossierStatus = await handle.execute_update(
            update, payload, id=update_id, result_type=DossierStatus, rpc_timeout=UPDATE_TIMEOUT
        )
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        if isinstance(cause, ApplicationError):
            raise _refusal(cause) from None
        raise Conflict(str(cause or exc)) from None
    except WorkflowUpdateRPCTimeoutOrCancelledError as exc:
        raise timed_out("temporal.update_timed_out", exc, keyed=keyed) from None
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND or "already completed" in str(exc):
            raise WorkflowClosed(workflow_id) from None
        raise rpc_failed("temporal.update_failed", exc, keyed=keyed) from None
    return status
