"""The bare-Temporal sides of the single-stage cycle (issue 12) and the tasks a cycle took.

The bare approval: start a workflow, one update with a validator, wait for its completion. The
bare two-task approval: the same workflow driven as tdkt is (update-with-start ``open``, then
``decide``) on a worker with tdkt's poller settings. Each returns its wall time, its latencies
and the workflow tasks per cycle counted in the histories (``tasks_per_workflow``).
"""

from __future__ import annotations

import math
import time
import uuid

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WithStartWorkflowOperation
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.worker import Worker

from bench.baseline import ApprovalInput, BenchApprovalWorkflow, DecideInput
from bench.pool import bounded
from core.converter import data_converter
from core.settings import Settings
from worker.registry import workflow_pollers


async def run_bare(
    address: str, n: int, concurrency: int
) -> tuple[float, list[float], list[float], float]:
    client = await Client.connect(address, data_converter=data_converter)
    task_queue = f"bench-cycle-{uuid.uuid4().hex[:8]}"
    prefix = uuid.uuid4().hex[:8]
    starts: list[float] = []
    updates: list[float] = []
    async with Worker(client, task_queue=task_queue, workflows=[BenchApprovalWorkflow]):

        async def cycle(i: int) -> None:
            t0 = time.perf_counter()
            handle = await client.start_workflow(
                BenchApprovalWorkflow.run,
                ApprovalInput(dossier_id=f"{prefix}-{i}", award_code="GIAY_KHEN"),
                id=f"bench-cycle-{prefix}-{i}",
                task_queue=task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
            t1 = time.perf_counter()
            await handle.execute_update(BenchApprovalWorkflow.decide, DecideInput("approve"))
            t2 = time.perf_counter()
            await handle.result()
            if i >= 0:
                starts.append(t1 - t0)
                updates.append(t2 - t1)

        await cycle(-1)  # warm-up
        t0 = time.perf_counter()
        await bounded(concurrency, list(range(n)), cycle)
        wall = time.perf_counter() - t0
    tasks = await tasks_per_workflow(client, f"TaskQueue = '{task_queue}'")
    return wall, starts, updates, tasks


async def run_bare_two_task(
    address: str, n: int, concurrency: int, settings: Settings
) -> tuple[float, list[float], list[float], float]:
    """Wall time, the creates' (update-with-start) and the decisions' latencies, and the
    workflow tasks per cycle."""
    client = await Client.connect(address, data_converter=data_converter)
    task_queue = f"bench-two-task-{uuid.uuid4().hex[:8]}"
    prefix = uuid.uuid4().hex[:8]
    creates: list[float] = []
    decides: list[float] = []
    pollers = workflow_pollers(settings)
    async with Worker(client, task_queue=task_queue, workflows=[BenchApprovalWorkflow], **pollers):

        async def cycle(i: int) -> None:
            start = WithStartWorkflowOperation(
                BenchApprovalWorkflow.run,
                ApprovalInput(dossier_id=f"{prefix}-{i}", award_code="GIAY_KHEN"),
                id=f"bench-two-task-{prefix}-{i}",
                task_queue=task_queue,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            )
            t0 = time.perf_counter()
            await client.execute_update_with_start_workflow(
                BenchApprovalWorkflow.open, start_workflow_operation=start
            )
            t1 = time.perf_counter()
            handle = await start.workflow_handle()
            await handle.execute_update(BenchApprovalWorkflow.decide, DecideInput("approve"))
            t2 = time.perf_counter()
            await handle.result()
            if i >= 0:
                creates.append(t1 - t0)
                decides.append(t2 - t1)

        await cycle(-1)  # warm-up
        t0 = time.perf_counter()
        await bounded(concurrency, list(range(n)), cycle)
        wall = time.perf_counter() - t0
    tasks = await tasks_per_workflow(client, f"TaskQueue = '{task_queue}'")
    return wall, creates, decides, tasks


async def tasks_per_workflow(client: Client, query: str) -> float:
    """Mean number of completed workflow tasks in the histories of the workflows ``query``
    lists (closed ones: every cycle ran to its end before this is asked)."""
    counts: list[int] = []
    async for listed in client.list_workflows(query):
        handle = client.get_workflow_handle(listed.id, run_id=listed.run_id)
        events = (await handle.fetch_history()).events
        counts.append(
            sum(e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED for e in events)
        )
    return sum(counts) / len(counts) if counts else math.nan
