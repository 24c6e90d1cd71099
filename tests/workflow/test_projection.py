"""Dev server + real PostgreSQL + real activities: the projection always equals the workflow.

Also: a worker stopped mid-stage and replaced by a new one loses nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import PollerBehaviorSimpleMaximum

from core.settings import Settings
from store.db import make_engine, make_sessionmaker, transaction
from store.models import AwardRecord, Dossier, DossierEvent, Nominee, OutboxMessage, Stage, User
from store.seed import insert_org
from tests.workflow.harness import dossier_input, execute, settled, start
from worker.registry import build_worker
from workflows.contracts import DecideRequest, DossierStatus, ResubmitRequest
from workflows.dossier import DossierWorkflow

ORGS = [
    ("BNV", "Bộ Nội vụ", "central", None),
    ("TTG", "Thủ tướng Chính phủ", "government", None),
    ("CTN", "Chủ tịch nước", "president", None),
    ("P1", "UBND tỉnh Thử nghiệm", "province", None),
    ("D1", "UBND huyện Thử nghiệm", "district", "P1"),
    ("U1", "Trường Tiểu học Thử nghiệm", "unit", "D1"),
]
USERS = [("chair.D1", "D1", "chair"), ("chair.P1", "P1", "chair"), ("canbo.u1", "U1", "officer")]


@dataclass
class Db:
    sessions: async_sessionmaker[AsyncSession]


@pytest.fixture
async def db(fresh_database_url: Callable[[], str]) -> AsyncIterator[Db]:
    engine = make_engine(fresh_database_url(), pool_size=4)
    sessions = make_sessionmaker(engine)
    async with transaction(sessions) as session:
        for code, name, level, parent in ORGS:
            await insert_org(session, code, name, level, parent)
        for username, org, role in USERS:
            session.add(
                User(
                    username=username,
                    password_hash="x",
                    full_name=username,
                    org_code=org,
                    roles=[role],
                    email=f"{username}@tdkt.test",
                )
            )
    yield Db(sessions)
    await engine.dispose()


async def assert_projection_equals(
    db: Db, handle: WorkflowHandle[DossierWorkflow, DossierStatus]
) -> DossierStatus:
    """Wait for the row of the current version, then compare every projected field."""
    wanted = await handle.query(DossierWorkflow.get_status)
    row: Dossier | None = None
    for _ in range(100):
        async with db.sessions() as session:
            row = await session.get(Dossier, wanted.id)
        if row is not None and row.version >= wanted.version:
            break
        await asyncio.sleep(0.05)
        wanted = await handle.query(DossierWorkflow.get_status)
    assert row is not None
    assert row.version == wanted.version
    assert (row.status, row.round, row.route, row.summary) == (
        wanted.status,
        wanted.round,
        wanted.route,
        wanted.summary,
    )
    stage = wanted.stage
    assert row.stage_org == (stage.org_code if stage else None)
    assert row.due_at == (stage.due_at if stage else None)
    assert row.overdue == (stage.overdue if stage else False)
    if stage is not None:
        assert row.stage is not None
        assert (row.stage["phase"], row.stage["escalation_level"]) == (
            stage.phase,
            stage.escalation_level,
        )
    assert (row.decision or {}).get("number") == (
        wanted.decision.number if wanted.decision else None
    )
    async with db.sessions() as session:
        nominees = (
            await session.execute(
                select(Nominee.id, Nominee.outcome)
                .where(Nominee.dossier_id == wanted.id)
                .order_by(Nominee.position)
            )
        ).all()
        events = (
            await session.execute(
                select(DossierEvent.action, DossierEvent.comment, DossierEvent.at)
                .where(DossierEvent.dossier_id == wanted.id)
                .order_by(DossierEvent.id)
            )
        ).all()
        open_stages = await session.scalar(
            select(func.count())
            .select_from(Stage)
            .where(Stage.dossier_id == wanted.id, Stage.closed_at.is_(None))
        )
    assert [tuple(n) for n in nominees] == [(n.id, n.outcome) for n in wanted.nominees]
    assert [tuple(e) for e in events] == [(h.action, h.comment, h.at) for h in wanted.history]
    assert open_stages == (1 if stage else 0)
    return wanted


async def test_projection_equals_status_after_every_step(
    dev_env: WorkflowEnvironment, db: Db, task_queue: str
) -> None:
    data = dossier_input("BK_TINH", submitted_at=datetime.now(UTC))
    async with build_worker(dev_env.client, Settings(), db.sessions, task_queue=task_queue):
        handle = await start(dev_env.client, task_queue, data)
        await settled(handle)
        await assert_projection_equals(db, handle)
        steps = [
            (DossierWorkflow.decide, DecideRequest("chair.D1", "D1", "approve", "Đồng ý")),
            (DossierWorkflow.decide, DecideRequest("chair.P1", "P1", "return", "Bổ sung hồ sơ")),
            (DossierWorkflow.resubmit, ResubmitRequest("canbo.u1", "U1", "Đã bổ sung")),
            (DossierWorkflow.decide, DecideRequest("chair.P1", "P1", "approve")),
        ]
        for update, request in steps:
            await execute(handle, update, request)
            await assert_projection_equals(db, handle)
        final = await handle.result()
    assert final.status == "decided"
    async with db.sessions() as session:
        awards = (await session.execute(select(AwardRecord))).scalars().all()
        outbox = (await session.execute(select(OutboxMessage))).scalars().all()
    assert [(a.nominee_id, a.award_code) for a in awards] == [(data.nominees[0].id, "BK_TINH")]
    assert {m.recipient for m in outbox} == {"chair.D1", "chair.P1", "canbo.u1"}
    assert any("trả lại" in m.subject for m in outbox)


async def test_a_new_worker_resumes_a_stopped_one(
    dev_env: WorkflowEnvironment, db: Db, task_queue: str
) -> None:
    data = dossier_input("BK_TINH", submitted_at=datetime.now(UTC))
    first = build_worker(dev_env.client, Settings(), db.sessions, task_queue=task_queue)
    async with first:
        handle = await start(dev_env.client, task_queue, data)
        await settled(handle)
        await execute(handle, DossierWorkflow.decide, DecideRequest("chair.D1", "D1", "approve"))
    # No worker now: the decision waits in Temporal, not in a process.
    pending = asyncio.create_task(
        execute(handle, DossierWorkflow.decide, DecideRequest("chair.P1", "P1", "approve"))
    )
    await asyncio.sleep(1)
    assert not pending.done()
    async with build_worker(dev_env.client, Settings(), db.sessions, task_queue=task_queue):
        decided = await asyncio.wait_for(pending, 30)
        result = await handle.result()
        await assert_projection_equals(db, handle)
    assert decided.status == result.status == "decided"
    assert [h.action for h in result.history] == ["submitted", "approved", "decided"]


async def test_the_worker_is_sized_by_its_settings(
    dev_env: WorkflowEnvironment, db: Db, task_queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("MAX_CACHED_WORKFLOWS", "WORKFLOW_TASK_POLLERS", "NONSTICKY_POLL_RATIO"):
        monkeypatch.delenv(f"TDKT_{name}", raising=False)
    # one worker per task queue per client: the two builds take their own queues
    default = build_worker(dev_env.client, Settings(), db.sessions, task_queue=task_queue + "-a")
    # the year-end peak stays in the sticky cache (an evicted workflow replays its history)
    assert default.config().get("max_cached_workflows") == 10_000
    # creates arrive on the normal queue: half of ten long polls wait there, not one of five
    polls = default.config().get("workflow_task_poller_behavior")
    assert polls == PollerBehaviorSimpleMaximum(10)
    assert default.config().get("nonsticky_to_sticky_poll_ratio") == 0.5
    # the deploy files size it through the environment (compose, Helm, .env.example)
    monkeypatch.setenv("TDKT_MAX_CACHED_WORKFLOWS", "1234")
    monkeypatch.setenv("TDKT_MAX_CONCURRENT_WORKFLOW_TASKS", "40")
    monkeypatch.setenv("TDKT_MAX_CONCURRENT_ACTIVITIES", "5")
    monkeypatch.setenv("TDKT_WORKFLOW_TASK_POLLERS", "4")
    monkeypatch.setenv("TDKT_NONSTICKY_POLL_RATIO", "0.25")
    sized = build_worker(dev_env.client, Settings(), db.sessions, task_queue=task_queue + "-b")
    config = sized.config()
    assert config.get("max_cached_workflows") == 1234
    assert config.get("max_concurrent_workflow_tasks") == 40
    assert config.get("max_concurrent_activities") == 5
    assert config.get("workflow_task_poller_behavior") == PollerBehaviorSimpleMaximum(4)
    assert config.get("nonsticky_to_sticky_poll_ratio") == 0.25
