"""Every call the rounds API makes to Temporal: start, query, close, signals, schedules."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import structlog
from temporalio.client import (
    RPCError,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleSpec,
    WithStartWorkflowOperation,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError

from api.errors import Conflict, Invalid
from api.services.temporal_errors import rpc_failed, timed_out
from api.services.temporal_gateway import (
    UPDATE_TIMEOUT,
    client_of,
    consume_start,
    require_worker,
)
from api.state import AppState
from core.i18n import _
from workflows.round_contracts import (
    DIGEST_SCHEDULE_ID,
    QUERY_ROUND,
    REJECT_CLOSED,
    ROUND_SCHEDULE_PREFIX,
    ROUND_WORKFLOW_TYPE,
    SCHEDULED_ROUND_WORKFLOW_TYPE,
    UPDATE_CLOSE,
    UPDATE_OPEN_ROUND,
    CloseRequest,
    OpenRoundRequest,
    RoundInput,
    RoundView,
    ScheduledRoundInput,
    round_workflow_id,
)
from workflows.schedules import TIME_ZONE, create_schedule
from workflows.schedules import ensure_digest_schedule as ensure_schedule

log = structlog.get_logger("tdkt.api.rounds")
RPC = timedelta(seconds=5)
MEMO_REQUEST = "tdkt_request"  # a round schedule's memo: the hash of the request that made it


async def open_round(*, state: AppState, data: RoundInput, keyed: bool = False) -> RoundView:
    """Start the round with its ``open`` update and return the committed opened round.

    A retry of the same request (same body, same user) reaches the same run and gets the same
    answer; any other request for an existing code → 409."""
    exists = Conflict.field(
        "code", _("msg.round_code_already_exists", code=data.code), model="RoundCreate"
    )
    await require_worker(state)
    client = await client_of(state)
    start: WithStartWorkflowOperation[Any, RoundView] = WithStartWorkflowOperation(
        ROUND_WORKFLOW_TYPE,
        data,
        id=round_workflow_id(data.code),
        task_queue=state.settings.task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        result_type=RoundView,
    )
    try:
        view: RoundView = await client.execute_update_with_start_workflow(
            UPDATE_OPEN_ROUND,
            OpenRoundRequest(data.request_hash),
            start_workflow_operation=start,
            id=f"open:{data.code}:{data.request_hash[:16]}",
            result_type=RoundView,
            rpc_timeout=UPDATE_TIMEOUT,
        )
    except WorkflowAlreadyStartedError:
        await consume_start(start)
        raise exists from None
    except WorkflowUpdateFailedError as exc:
        if isinstance(exc.cause, ApplicationError) and exc.cause.type == REJECT_CLOSED:
            raise exists from None
        raise Conflict(str(exc.cause or exc)) from None
    except WorkflowUpdateRPCTimeoutOrCancelledError as exc:
        raise timed_out("temporal.round_open_timed_out", exc, keyed=keyed) from None
    except RPCError as exc:
        await consume_start(start)
        raise rpc_failed("temporal.round_open_failed", exc, keyed=keyed) from None
    return view


async def query_round(*, state: AppState, code: str) -> RoundView | None:
    """The live view, or None when the workflow cannot answer quickly."""
    try:
        client = await state.temporal()
        handle = client.get_workflow_handle(round_workflow_id(code))
        view: RoundView | None = await asyncio.wait_for(
            handle.query(QUERY_ROUND, result_type=RoundView, rpc_timeout=RPC),
            RPC.total_seconds() + 1,
        )
    except (RPCError, WorkflowQueryFailedError, RuntimeError, OSError, TimeoutError) as exc:
        log.info("round.query_fallback", round_code=code, error=str(exc))
        return None
    return view


async def close_round(
    *, state: AppState, code: str, name: str, request: CloseRequest, update_id: str | None = None
) -> RoundView:
    """Close the round (``name`` words the refusals); closed already → 409. The same
    ``update_id`` is applied once; Temporal answers it again even after the round completed."""
    closed = Conflict(_("msg.round_code_is_already_closed", code=name))
    await require_worker(state)
    client = await client_of(state)
    handle = client.get_workflow_handle(round_workflow_id(code))
    try:
        view: RoundView = await handle.execute_update(
            UPDATE_CLOSE,
            request,
            id=update_id,
            result_type=RoundView,
            rpc_timeout=timedelta(seconds=15),
        )
    except WorkflowUpdateFailedError as exc:
        if isinstance(exc.cause, ApplicationError) and exc.cause.type == REJECT_CLOSED:
            raise closed from None
        raise Conflict(str(exc.cause or exc)) from None
    except WorkflowUpdateRPCTimeoutOrCancelledError as exc:
        raise timed_out(
            "temporal.round_close_timed_out", exc, keyed=update_id is not None
        ) from None
    except RPCError as exc:
        if exc.status.name == "NOT_FOUND":
            raise Conflict(_("msg.round_code_has_ended", code=name)) from None
        raise rpc_failed("temporal.round_close_failed", exc, keyed=update_id is not None) from None
    return view


async def signal_round(*, state: AppState, code: str, signal: str, payload: Any) -> bool:
    """Best effort: the round reconciles with the read model before every cut-off anyway."""
    try:
        client = await state.temporal()
        handle = client.get_workflow_handle(round_workflow_id(code))
        await handle.signal(signal, payload, rpc_timeout=RPC)
    except (RPCError, RuntimeError, OSError, TimeoutError) as exc:
        log.warning("round.signal_failed", round_code=code, signal=signal, error=str(exc))
        return False
    return True


async def ensure_digest_schedule(*, state: AppState) -> bool:
    """Create the daily digest schedule (07:00 Asia/Ho_Chi_Minh) unless it exists, pointed at
    this deployment's task queue."""
    client = await client_of(state)
    try:
        return await ensure_schedule(client, state.settings.task_queue)
    except RPCError as exc:
        raise rpc_failed("digest.schedule_failed", exc, keyed=False) from None


async def trigger_digest(*, state: AppState) -> None:
    """Run today's digest now (admin; also what tests use)."""
    await ensure_digest_schedule(state=state)
    client = await client_of(state)
    try:
        await client.get_schedule_handle(DIGEST_SCHEDULE_ID).trigger(rpc_timeout=RPC)
    except RPCError as exc:
        raise rpc_failed("digest.trigger_failed", exc, keyed=False) from exc


async def create_round_schedule(
    *, state: AppState, data: ScheduledRoundInput, cron: str, request: str, keyed: bool = False
) -> str:
    """Create the round's schedule, stamped with ``request`` (the hash of the request that
    makes it). When the id is taken by a schedule bearing the same stamp, an earlier try of
    this very request made it (a keyed retry after a crash): that is its id, not a 409."""
    client = await client_of(state)
    schedule_id = f"{ROUND_SCHEDULE_PREFIX}{data.code_prefix}"
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            SCHEDULED_ROUND_WORKFLOW_TYPE,
            data,
            id=f"open-{schedule_id}",
            task_queue=state.settings.task_queue,
        ),
        spec=ScheduleSpec(cron_expressions=[cron], time_zone_name=TIME_ZONE),
    )
    try:
        created = await create_schedule(client, schedule_id, schedule, {MEMO_REQUEST: request})
        if not created:
            described = await client.get_schedule_handle(schedule_id).describe(rpc_timeout=RPC)
            created = await described.memo_value(MEMO_REQUEST, None) == request
    except RPCError as exc:
        if exc.status.name == "INVALID_ARGUMENT":
            raise Invalid.field("cron", _("msg.invalid_cron_exc", cron=cron)) from None
        raise rpc_failed("round.schedule_failed", exc, keyed=keyed) from None
    if not created:
        message = _("msg.schedule_schedule_id_already_exists", schedule_id=schedule_id)
        raise Conflict.field("code_prefix", message)
    return schedule_id
