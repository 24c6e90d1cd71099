"""A round command's audit entry is committed with the round version it produced.

The opening and the closing carry their request's entry (``origin``) into the workflow, and the
round's projection writes it in the transaction that commits the version: a retry of that
projection (an activity retried after its commit) writes nothing twice, and a round opened by
its schedule is logged too, as the schedule's. The histories with these fields replay.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer

from activities.round import RoundActivities
from core.converter import data_converter
from domain.levels import Level
from domain.round import close_round, open_round
from domain.routes import OrgNode
from domain.span import parse_span
from store.models import AuditEntry, Round
from tests.rounds.conftest import Tree
from tests.rounds.test_round_replay import HISTORIES
from tests.rounds.test_round_workflow import round_worker, until
from workflows.contracts import Origin
from workflows.round import RoundWorkflow, ScheduledRoundWorkflow
from workflows.round_contracts import (
    UPDATE_CLOSE,
    CloseRequest,
    RoundProjection,
    RoundView,
    ScheduledRoundInput,
    round_workflow_id,
)


async def entries(
    sessions: async_sessionmaker[AsyncSession], target: str
) -> list[tuple[str, str, str]]:
    async with sessions() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.target == target).order_by(AuditEntry.id)
        )
        return [(r.actor, r.action, r.ip) for r in rows]


async def test_a_retried_projection_writes_its_entries_once(
    sessions: async_sessionmaker[AsyncSession], tree: Tree
) -> None:
    c = tree.code
    nodes = [
        OrgNode(c("P"), Level.province, None),
        OrgNode(c("D1"), Level.district, c("P")),
        OrgNode(c("U1"), Level.unit, c("D1")),
    ]
    code = f"AUD-{tree.tag}"
    now = datetime.now(UTC)
    opened, events = open_round(
        code=code,
        name="Tổng kết năm 2026",
        year=2026,
        owner=nodes[0],
        award_codes=["GIAY_KHEN"],
        opened_at=now,
        deadlines={"unit": now},
        subtree=nodes,
    )
    opening = Origin("chair.p", "round.opened", "10.0.0.7")
    project = RoundActivities(sessions).project_round
    first = RoundProjection(opened, events, "chair.p", {"unit": "P2D"}, audit=[opening])
    assert await project(first) is True
    assert await project(first) is False  # the retry: committed already
    assert await entries(sessions, code) == [("chair.p", "round.opened", "10.0.0.7")]

    closed, events = close_round(opened, "chair.p", now, "Hết")
    closing = Origin("chair.p", "round.closed", "10.0.0.8")
    second = RoundProjection(closed, events, "chair.p", {"unit": "P2D"}, audit=[closing])
    assert await project(second) is True
    assert await project(second) is False
    assert await project(first) is False  # an older version never lands again
    assert await entries(sessions, code) == [
        ("chair.p", "round.opened", "10.0.0.7"),
        ("chair.p", "round.closed", "10.0.0.8"),
    ]
    async with sessions() as session:
        row = await session.get(Round, code)
        assert row is not None
        assert row.status == "closed"


async def test_a_round_opened_by_its_schedule_is_logged_as_the_schedules(
    time_skipping_env: WorkflowEnvironment,
    task_queue: str,
    sessions: async_sessionmaker[AsyncSession],
    tree: Tree,
) -> None:
    env = time_skipping_env
    async with round_worker(env.client, task_queue, sessions):
        code = await env.client.execute_workflow(
            ScheduledRoundWorkflow.run,
            ScheduledRoundInput(
                code_prefix=f"DK-{tree.tag}",
                name="Sơ kết quý",
                owner_org=tree.code("P"),
                award_codes=["GIAY_KHEN"],
                submission_deadlines={"unit": "P10D"},
                escalate_every=parse_span("P1D"),
                created_by="chair.p",
                task_queue=task_queue,
            ),
            id=f"scheduled-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        logged = await until(lambda: entries(sessions, code), lambda found: len(found) > 0)
        assert logged == [("chair.p", "round.opened_by_schedule", "")]
        handle = env.client.get_workflow_handle(round_workflow_id(code))
        closing = CloseRequest("chair.p", "Hết", Origin("chair.p", "round.closed", "10.0.0.9"))
        closed = await handle.execute_update(UPDATE_CLOSE, closing, result_type=RoundView)
        assert closed.status == "closed"
        with env.auto_time_skipping_disabled():
            await handle.result()
        history = await handle.fetch_history()
    assert await entries(sessions, code) == [
        ("chair.p", "round.opened_by_schedule", ""),
        ("chair.p", "round.closed", "10.0.0.9"),
    ]
    replayer = Replayer(workflows=[RoundWorkflow], data_converter=data_converter)
    replayed = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert replayed.replay_failure is None
    if os.environ.get("TDKT_RECORD_HISTORIES"):  # for tests/rounds/test_round_replay.py
        (HISTORIES / "with-audit.json").write_text(history.to_json(), encoding="utf-8")
