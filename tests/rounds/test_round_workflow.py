"""A full round on the time-skipping server with the real activities (PostgreSQL).

Cut-offs: units 2 days after opening, districts 4 days; escalation repeats every day.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.deadline import DeadlineActivities
from activities.digest import DigestActivities
from activities.round import RoundActivities
from domain.span import parse_span
from store.models import Dossier, OutboxMessage, Round, RoundSubmitter
from tests.rounds.conftest import Tree, outbox, round_events
from workflows.round import DigestWorkflow, RoundWorkflow, ScheduledRoundWorkflow
from workflows.round_contracts import (
    UPDATE_CLOSE,
    CloseRequest,
    DigestInput,
    DossierNews,
    LateDecision,
    RoundInput,
    RoundView,
    round_workflow_id,
)

T = TypeVar("T")
Handle = WorkflowHandle[RoundWorkflow, RoundView]


@asynccontextmanager
async def round_worker(
    client: Client, task_queue: str, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    rounds = RoundActivities(sessions)
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[RoundWorkflow, DigestWorkflow, ScheduledRoundWorkflow],
        activities=[
            rounds.load_round_tree,
            rounds.project_round,
            rounds.collect_round_progress,
            rounds.notify_round,
            DeadlineActivities(sessions).compute_deadline,
            DigestActivities(sessions).send_daily_digest,
        ],
    ):
        yield


async def until(probe: Callable[[], Awaitable[T]], ok: Callable[[T], bool]) -> T:
    """Poll ``probe`` until ``ok`` holds (activities write the read model asynchronously)."""
    for _ in range(200):
        value = await probe()
        if ok(value):
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"condition never met; last value: {value!r}")


async def start_round(env: WorkflowEnvironment, tree: Tree, task_queue: str) -> Handle:
    code = f"TK-{tree.tag}"
    return await env.client.start_workflow(
        RoundWorkflow.run,
        RoundInput(
            code=code,
            name="Tổng kết năm 2026",
            year=2026,
            owner_org=tree.code("P"),
            award_codes=["GIAY_KHEN", "BK_TINH"],
            submission_deadlines={"unit": "P2D", "district": "P4D"},
            escalate_every=parse_span("P1D"),
            created_by="chair.p",
        ),
        id=round_workflow_id(code),
        task_queue=task_queue,
    )


def levels(view: RoundView) -> dict[str, int]:
    return {s.org_code: s.escalation_level for s in [*view.submitters, *view.forwarders]}


async def status(handle: Handle) -> RoundView:
    view = await until(lambda: handle.query(RoundWorkflow.get_status), lambda v: v is not None)
    assert view is not None
    return view


async def add_waiting_dossier(
    sessions: async_sessionmaker[AsyncSession], tree: Tree, suffix: str, due_at: datetime
) -> str:
    dossier_id = f"HS-{tree.tag}-{suffix}"
    async with sessions() as session, session.begin():
        session.add(
            Dossier(
                id=dossier_id,
                workflow_id=f"dossier-{dossier_id}",
                award_code="GIAY_KHEN",
                proposer_org=tree.code("U1"),
                route_profile="three_tier",
                route=["unit", "district"],
                route_orgs=[tree.code("D1")],
                status="in_review",
                stage_org=tree.code("D1"),
                due_at=due_at,
                created_by="officer",
                version=1,
            )
        )
    return dossier_id


async def test_full_round(
    time_skipping_env: WorkflowEnvironment,
    task_queue: str,
    sessions: async_sessionmaker[AsyncSession],
    tree: Tree,
) -> None:
    env = time_skipping_env
    c = tree.code
    async with round_worker(env.client, task_queue, sessions):
        handle = await start_round(env, tree, task_queue)
        opened = await status(handle)
        assert [s.org_code for s in opened.submitters] == [c("U1"), c("U2"), c("U3")]
        assert [s.org_code for s in opened.forwarders] == [c("D1"), c("D2")]
        assert set(opened.deadlines) == {"unit", "district"}
        assert opened.deadlines["district"] - opened.deadlines["unit"] == timedelta(days=2)

        # U1 submits on time.
        await handle.signal(
            RoundWorkflow.record_submission,
            DossierNews("HS-ON-TIME", c("U1"), await env.get_current_time()),
        )
        view = await until(lambda: status(handle), lambda v: v.submitters[0].submitted)
        assert (view.submitters[0].late, view.submitters[0].dossier_ids) == (False, ["HS-ON-TIME"])

        # The units' cut-off passes: U2 and U3 are escalated (their chair and the district's).
        await env.sleep(timedelta(days=2, hours=1))
        view = await until(lambda: status(handle), lambda v: levels(v)[c("U3")] == 1)
        assert levels(view) == {c("U1"): 0, c("U2"): 1, c("U3"): 1, c("D1"): 0, c("D2"): 0}
        rows = await until(
            lambda: outbox(sessions, OutboxMessage.kind == "round_escalated"),
            lambda r: len({m.recipient for m in r} & {tree.chair("U3"), tree.chair("D2")}) == 2,
        )
        recipients = {m.recipient for m in rows if m.event_key.startswith(handle.id[6:])}
        assert {tree.chair(a) for a in ("U2", "D1", "U3", "D2")} <= recipients
        assert tree.chair("U1") not in recipients
        assert any("lần 1" in m.subject and "Hạn gửi" in m.body for m in rows)
        # the late org by name (its code is for experts), its level in words
        late_u3 = [m for m in rows if "unit U3" in m.subject]
        assert late_u3, [m.subject for m in rows]
        assert all(c("U3") not in m.subject for m in rows)
        assert "Hạn gửi của cấp cơ sở:" in late_u3[0].body

        # U2 submits late; D1 takes that late dossier and forwards both, before its cut-off.
        now = await env.get_current_time()
        await handle.signal(RoundWorkflow.record_submission, DossierNews("HS-LATE", c("U2"), now))
        await handle.signal(
            RoundWorkflow.record_late_decision, LateDecision("HS-LATE", c("D1"), "approve", now)
        )
        for dossier_id in ("HS-ON-TIME", "HS-LATE"):
            await handle.signal(
                RoundWorkflow.record_forwarding, DossierNews(dossier_id, c("D1"), now)
            )
        view = await until(lambda: status(handle), lambda v: v.forwarders[0].submitted)
        u2 = view.submitters[1]
        assert (u2.submitted, u2.late, u2.dossier_ids) == (True, True, ["HS-LATE"])
        d1 = view.forwarders[0]
        assert (d1.late, d1.dossier_ids) == (False, ["HS-ON-TIME", "HS-LATE"])

        # A day later the units' escalation repeats for U3 only.
        await env.sleep(timedelta(days=1))
        view = await until(lambda: status(handle), lambda v: levels(v)[c("U3")] == 2)
        assert levels(view)[c("U2")] == 1

        # The districts' cut-off: D2 (which forwarded nothing) is escalated, D1 is not.
        await env.sleep(timedelta(days=1))
        view = await until(lambda: status(handle), lambda v: levels(v)[c("D2")] == 1)
        assert levels(view)[c("D1")] == 0
        assert levels(view)[c("U3")] == 3
        assert [s.org_code for s in view.submitters if s.late] == [c("U2"), c("U3")]

        # The digest of the day: D1's chair reads what waits; U3's chair its overdue round.
        now = await env.get_current_time()
        await add_waiting_dossier(sessions, tree, "QUA-HAN", now - timedelta(hours=2))
        await add_waiting_dossier(sessions, tree, "SAP-HAN", now + timedelta(days=1))
        with env.auto_time_skipping_disabled():  # no round timer may fire meanwhile
            result = await env.client.execute_workflow(
                DigestWorkflow.run,
                DigestInput(),
                id=f"digest-{uuid.uuid4()}",
                task_queue=task_queue,
            )
        assert result.rows >= 2
        digests = {
            m.recipient: m
            for m in await outbox(sessions, OutboxMessage.kind == "digest")
            if m.recipient.endswith(tree.tag.lower())
        }
        d1_digest = digests[tree.chair("D1")]
        assert "2 hồ sơ chờ xử lý, 1 quá hạn, 1 sắp đến hạn" in d1_digest.subject
        assert f"HS-{tree.tag}-QUA-HAN" in d1_digest.body
        assert "Đến hạn trong 3 ngày làm việc tới (1)" in d1_digest.body
        assert f"Gửi hồ sơ đợt TK-{tree.tag}" in digests[tree.chair("U3")].body
        assert tree.chair("U1") not in digests  # nothing to report

        # Closing stops every timer: the workflow completes and nothing fires any more.
        closed = await handle.execute_update(
            UPDATE_CLOSE, CloseRequest("chair.p", "Hết"), result_type=RoundView
        )
        assert closed.status == "closed"
        with env.auto_time_skipping_disabled():
            final = await handle.result()
        assert final.status == "closed"
        assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
        await env.sleep(timedelta(days=3))

    events = await round_events(sessions, handle.id[6:])
    kinds = [e.kind for e in events]
    assert kinds[0] == "opened"
    assert kinds[-1] == "closed"
    assert {"submitted", "submitted_late", "forwarded", "late_taken"} <= set(kinds)
    escalated = [(e.org_code, e.escalation_level) for e in events if e.kind == "escalated"]
    assert sorted(escalated) == sorted(
        [(c("U2"), 1), (c("U3"), 1), (c("U3"), 2), (c("U3"), 3), (c("D2"), 1)]
    )
    async with sessions() as session:
        row = await session.get(Round, handle.id[6:])
        assert row is not None
        assert (row.status, row.closed_at is not None) == ("closed", True)
        subs = {
            s.org_code: s
            for s in await session.scalars(
                select(RoundSubmitter).where(RoundSubmitter.round_code == row.code)
            )
        }
    assert (subs[c("U2")].late, subs[c("U2")].submitted_at is not None) == (True, True)
    assert (subs[c("U3")].late, subs[c("U3")].escalation_level) == (True, 3)
    assert subs[c("U1")].late is False
