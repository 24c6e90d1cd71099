"""Running dossiers learn of a calendar change through one Temporal batch operation that
signals each of them to recompute its open deadline (contract §6 overrides; issue 12): the
request answers with the job it scheduled, the server does the signalling."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import structlog
from temporalio.api.batch.v1 import BatchOperationSignal
from temporalio.api.common.v1 import Payloads
from temporalio.api.workflowservice.v1 import StartBatchOperationRequest
from temporalio.client import Client, RPCError
from temporalio.service import RPCStatusCode

from api.state import AppState
from workflows.contracts import (
    SIGNAL_CALENDAR_CHANGED,
    WORKFLOW_TYPE,
    WORKFLOW_TYPE_V2,
    CalendarChanged,
)

log = structlog.get_logger(__name__)

BATCH_WAIT = 20.0  # seconds a change waits for an earlier batch job to finish


async def _start_batch(client: Client, request: StartBatchOperationRequest) -> None:
    """Start the batch job. Temporal runs one batch operation per namespace at a time
    (RESOURCE_EXHAUSTED "Max concurrent batch operations"): a change made while an earlier
    change's job still signals waits for it (with backoff, up to ``BATCH_WAIT``), since the
    earlier job may have signalled some dossiers before this change was stored."""
    deadline = time.monotonic() + BATCH_WAIT
    pause = 0.2
    while True:
        try:
            await client.workflow_service.start_batch_operation(
                request, timeout=timedelta(seconds=5)
            )
            return
        except RPCError as exc:
            if exc.status != RPCStatusCode.RESOURCE_EXHAUSTED or time.monotonic() > deadline:
                raise
            log.info("calendar.batch_waiting", error=str(exc))
        await asyncio.sleep(pause)
        pause = min(pause * 2, 2.0)


@dataclass(frozen=True)
class BatchJob:
    job_id: str | None  # None: Temporal could not take the job (logged; deadlines stay)
    running: int  # running dossier workflows the job signals


async def notify_calendar_changed(*, state: AppState, day: date) -> BatchJob:
    """Schedule one Temporal batch operation that signals every running dossier workflow
    (both engines) to recompute its open deadline; answers at once, the server does the rest.
    Best effort: the override is already stored, and every later transition reads it."""
    query = (
        f"WorkflowType IN ('{WORKFLOW_TYPE}', '{WORKFLOW_TYPE_V2}') AND ExecutionStatus = 'Running'"
    )
    try:
        client = await state.temporal()
        running = await client.count_workflows(query, rpc_timeout=timedelta(seconds=5))
        if running.count == 0:
            return BatchJob(None, 0)
        payloads = await client.data_converter.encode([CalendarChanged(note=day.isoformat())])
        job_id = f"calendar-{day.isoformat()}-{uuid.uuid4().hex[:12]}"
        request = StartBatchOperationRequest(
            namespace=client.namespace,
            job_id=job_id,
            reason=f"calendar override {day.isoformat()}",
            visibility_query=query,
            signal_operation=BatchOperationSignal(
                signal=SIGNAL_CALENDAR_CHANGED,
                input=Payloads(payloads=payloads),
                identity="tdkt-api",
            ),
        )
        await _start_batch(client, request)
    except (RPCError, RuntimeError, OSError, TimeoutError) as exc:
        log.warning("calendar.batch_failed", error=str(exc))
        return BatchJob(None, 0)
    return BatchJob(job_id, running.count)
