"""The bare-Temporal baseline: a minimal approval workflow driven directly through the SDK.

Start a workflow, send it one update (`decide`), let it complete. It runs on the same Temporal
server as tdkt, on its own task queue, with an in-process worker; the same concurrency as the
tdkt path so the ratio compares like with like.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from temporalio import workflow
from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDReusePolicy
from temporalio.worker import Worker

from bench.pool import bounded
from bench.stats import Summary
from core.converter import data_converter


@dataclass
class ApprovalInput:
    dossier_id: str
    award_code: str


@dataclass
class DecideInput:
    action: str
    comment: str = ""


@workflow.defn(name="BenchApprovalWorkflow")
class BenchApprovalWorkflow:
    """Waits for one decision, then completes with it."""

    def __init__(self) -> None:
        self._decision: str | None = None

    @workflow.run
    async def run(self, inp: ApprovalInput) -> str:
        await workflow.wait_condition(
            lambda: self._decision is not None and workflow.all_handlers_finished()
        )
        return f"{inp.dossier_id}:{self._decision}"

    @workflow.update
    async def open(self) -> str:
        """Answered in the workflow task that runs it: the create of a two-task cycle."""
        return "open"

    @workflow.update
    async def decide(self, decision: DecideInput) -> str:
        self._decision = decision.action
        return "decided"

    @decide.validator
    def _validate_decide(self, decision: DecideInput) -> None:
        if decision.action not in ("approve", "return", "reject"):
            raise ValueError(f"unknown action {decision.action}")
        if self._decision is not None:
            raise ValueError("already decided")


@dataclass(frozen=True)
class BaselineResult:
    n: int
    concurrency: int
    start_wall_s: float
    update_wall_s: float
    start: Summary
    update: Summary
    completion_lag: Summary

    @property
    def start_rate(self) -> float:
        return self.n / self.start_wall_s

    @property
    def update_rate(self) -> float:
        return self.n / self.update_wall_s

    @property
    def cycle_rate(self) -> float:
        return self.n / (self.start_wall_s + self.update_wall_s)


async def run_baseline(address: str, n: int, concurrency: int) -> BaselineResult:
    client = await Client.connect(address, data_converter=data_converter)
    task_queue = f"bench-baseline-{uuid.uuid4().hex[:8]}"
    handles: dict[int, WorkflowHandle[BenchApprovalWorkflow, str]] = {}
    starts: list[float] = []
    updates: list[float] = []
    lags: list[float] = []
    prefix = uuid.uuid4().hex[:8]
    async with Worker(client, task_queue=task_queue, workflows=[BenchApprovalWorkflow]):

        async def start_one(i: int) -> None:
            t0 = time.perf_counter()
            handles[i] = await client.start_workflow(
                BenchApprovalWorkflow.run,
                ApprovalInput(dossier_id=f"{prefix}-{i}", award_code="GIAY_KHEN"),
                id=f"bench-approval-{prefix}-{i}",
                task_queue=task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
            starts.append(time.perf_counter() - t0)

        async def decide_one(i: int) -> None:
            handle = handles[i]
            t0 = time.perf_counter()
            await handle.execute_update(
                BenchApprovalWorkflow.decide, DecideInput(action="approve", comment="ok")
            )
            t1 = time.perf_counter()
            updates.append(t1 - t0)
            await handle.result()
            lags.append(time.perf_counter() - t1)

        # warm-up: one full cycle outside the measurement
        await start_one(-1)
        await decide_one(-1)
        starts.clear()
        updates.clear()
        lags.clear()
        t0 = time.perf_counter()
        await bounded(concurrency, list(range(n)), start_one)
        t1 = time.perf_counter()
        await bounded(concurrency, list(range(n)), decide_one)
        t2 = time.perf_counter()
    return BaselineResult(
        n=n,
        concurrency=concurrency,
        start_wall_s=t1 - t0,
        update_wall_s=t2 - t1,
        start=Summary.of_seconds(starts),
        update=Summary.of_seconds(updates),
        completion_lag=Summary.of_seconds(lags),
    )
