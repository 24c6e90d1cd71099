"""Shared pieces of the workflow tests: org tree, inputs, recorded fake activities, histories."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDReusePolicy
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.deadline import calendar_around, compute
from domain.calendar import local_date
from domain.catalog import default_catalog
from domain.dossier import DossierState
from domain.levels import Subject
from domain.policy import DeadlinePolicy, parse_policy_toml
from domain.route_plan import plan_route
from domain.routes import Route
from tests.support.chain import ANCESTRY, STATE_ORGS
from workflows.activity_contracts import (
    COMPUTE_DEADLINE,
    NOTIFY,
    PROJECT_DOSSIER,
    RECORD_AWARDS,
    DeadlineRequest,
    DeadlineResult,
    NotifyInput,
    ProjectionInput,
    RecordAwardsInput,
)
from workflows.contracts import DossierInput, DossierStatus, NomineeInput, workflow_id
from workflows.dossier import DossierWorkflow
from workflows.dossier_v2 import DossierWorkflowV2
from workflows.transition import (
    COMMIT_TRANSITION,
    TransitionInput,
    TransitionResult,
    effects_of,
    settle,
    times_for,
)

HISTORIES = Path(__file__).parent / "histories"
# New recordings go into a folder named after the newest patch; the top-level files were
# recorded before any patch (what runs started earlier look like) and are never overwritten.
RECORDING = HISTORIES / "2026-11-fast-decisions"
RECORDING_V2 = HISTORIES / "v2"  # DossierWorkflowV2 (engine v2)

# Second-scale knobs would race the test's own steps; days are skipped by the test server.
FAST_POLICY = parse_policy_toml(
    """
resubmit = "P3D"
public_posting = "P2D"
reminder_before = "P1D"
escalate_every = "P1D"
[review]
district = "P4D"
province = "P4D"
central = "P4D"
government = "P4D"
president = "P4D"
"""
)


def route_for(award_code: str) -> Route:
    return plan_route(ANCESTRY, default_catalog().get(award_code).deciding_level, STATE_ORGS)


def dossier_input(
    award_code: str,
    *,
    nominees: int = 1,
    kind: Subject = Subject.individual,
    policy: DeadlinePolicy = FAST_POLICY,
    submitted_at: datetime | None = None,
    continue_as_new_after: int = 5000,
) -> DossierInput:
    dossier_id = f"HS-{uuid.uuid4().hex[:10]}"
    return DossierInput(
        dossier_id=dossier_id,
        award=default_catalog().get(award_code),
        proposer_org="U1",
        route=route_for(award_code),
        nominees=[
            NomineeInput(f"{dossier_id}-n{i}", kind, f"Nguyễn Văn Tùng {i}")
            for i in range(1, nominees + 1)
        ],
        policy=policy,
        summary="Thành tích xuất sắc năm 2026",
        submitted_by="canbo.u1",
        submitted_at=submitted_at or datetime.now(UTC),
        year=2026,
        continue_as_new_after=continue_as_new_after,
    )


@dataclass
class Engine:
    """Which dossier workflow type the path tests drive (both run: v1 drains, v2 is new)."""

    workflow: Any = DossierWorkflow
    recording: Path = RECORDING


ENGINE = Engine()


def use_engine(version: str) -> None:
    ENGINE.workflow = DossierWorkflowV2 if version == "v2" else DossierWorkflow
    ENGINE.recording = RECORDING_V2 if version == "v2" else RECORDING


async def _calendar_deadline(request: DeadlineRequest) -> DeadlineResult:
    return compute(request, calendar_around(local_date(request.start), {}))


@dataclass
class FakeActivities:
    """Stand-ins for the database activities; deadlines use the real calendar arithmetic."""

    projections: list[DossierState] = field(default_factory=list)
    notifications: list[NotifyInput] = field(default_factory=list)
    awards: list[RecordAwardsInput] = field(default_factory=list)

    def all(self) -> list[Callable[..., Any]]:
        @activity.defn(name=PROJECT_DOSSIER)
        async def project(request: ProjectionInput) -> bool:
            self.projections.append(request.state)
            return True

        @activity.defn(name=COMPUTE_DEADLINE)
        async def deadline(request: DeadlineRequest) -> DeadlineResult:
            return compute(request, calendar_around(local_date(request.start), {}))

        @activity.defn(name=NOTIFY)
        async def notify(message: NotifyInput) -> int:
            self.notifications.append(message)
            return len(message.recipients)

        @activity.defn(name=RECORD_AWARDS)
        async def record(request: RecordAwardsInput) -> int:
            self.awards.append(request)
            return len(request.lines)

        @activity.defn(name=COMMIT_TRANSITION)
        async def commit(request: TransitionInput) -> TransitionResult:
            result = await times_for(request, _calendar_deadline)
            state = settle(request.state, result, request.at)
            self.projections.append(state)
            effects = effects_of(state, request.first_new_event, request.workflow_id)
            self.notifications.extend(effects.notifications)
            if effects.awards is not None:
                self.awards.append(effects.awards)
            return result

        return [project, deadline, notify, record, commit]

    def kinds(self) -> list[str]:
        return [n.kind for n in self.notifications]


@asynccontextmanager
async def fake_worker(
    client: Client, task_queue: str, fakes: FakeActivities
) -> AsyncIterator[None]:
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[DossierWorkflow, DossierWorkflowV2],
        activities=fakes.all(),
    ):
        yield


async def start(
    client: Client, task_queue: str, data: DossierInput
) -> WorkflowHandle[DossierWorkflow, DossierStatus]:
    # Both types answer the same update and query names; typed as v1 for the tests' calls.
    handle: WorkflowHandle[DossierWorkflow, DossierStatus] = await client.start_workflow(
        ENGINE.workflow.run,
        data,
        id=workflow_id(data.dossier_id),
        task_queue=task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
    )
    return handle


async def status(handle: WorkflowHandle[DossierWorkflow, DossierStatus]) -> DossierStatus:
    return await handle.query(DossierWorkflow.get_status)


async def keep_history(handle: WorkflowHandle[DossierWorkflow, DossierStatus], name: str) -> None:
    """With TDKT_RECORD_HISTORIES=1, store the run's history for the replay test."""
    if not os.environ.get("TDKT_RECORD_HISTORIES"):
        return
    history = await handle.fetch_history()
    ENGINE.recording.mkdir(exist_ok=True)
    (ENGINE.recording / f"{name}.json").write_text(history.to_json(), encoding="utf-8")


async def settled(handle: WorkflowHandle[DossierWorkflow, DossierStatus]) -> DossierStatus:
    """The status once the open stage has its deadline (computed by an activity after start)."""
    for _ in range(200):
        current = await status(handle)
        if current.stage is None or current.stage.due_at is not None:
            return current
        await asyncio.sleep(0.05)
    raise AssertionError("the stage never got a deadline")


async def start_settled(
    env: WorkflowEnvironment, task_queue: str, award_code: str
) -> tuple[WorkflowHandle[DossierWorkflow, DossierStatus], DossierStatus]:
    """Start a one-nominee dossier submitted at the server's current time; wait for its deadline."""
    data = dossier_input(award_code, submitted_at=await env.get_current_time())
    handle = await start(env.client, task_queue, data)
    return handle, await settled(handle)


async def execute(
    handle: WorkflowHandle[DossierWorkflow, DossierStatus], update: Any, request: object
) -> DossierStatus:
    """``execute_update`` typed for our async update handlers (mypy infers a coroutine)."""
    result: DossierStatus = await handle.execute_update(update, request)
    return result
