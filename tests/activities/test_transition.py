"""commit_transition on real PostgreSQL: one transaction per transition, idempotent on
(workflow id, version), and decision numbers from a gapless yearly sequence per issuing body
even when its chair's decisions commit concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import event, select
from sqlalchemy.engine.interfaces import CacheStats

from activities.transition import TransitionActivities, _record
from domain.dossier import Decide, DossierState, apply
from domain.policy import DeadlinePolicy
from store.db import make_engine, make_sessionmaker, transaction
from store.models import (
    AuditEntry,
    AwardRecord,
    CalendarOverride,
    Dossier,
    DossierCommit,
    DossierEvent,
    OutboxMessage,
    User,
)
from store.seed import insert_org
from tests.workflow.harness import dossier_input
from workflows.commands import opening_state
from workflows.contracts import DossierInput, Origin
from workflows.transition import TransitionInput, TransitionResult, settle

AT = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def _input(n: int) -> DossierInput:
    data = dossier_input("GIAY_KHEN", submitted_at=AT)
    data.dossier_id = f"HS-2026-N{n:04d}"
    for i, nominee in enumerate(data.nominees, 1):
        nominee.id = f"{data.dossier_id}-{i:03d}"
    return data


def _opened(n: int) -> DossierState:
    """Dossier ``n`` as its submission was committed."""
    return settle(opening_state(_input(n)), TransitionResult(due_at=AT), AT)


def decided_transition(n: int, number: str | None = None) -> TransitionInput:
    """Dossier ``n``: submitted (committed), then approved by D1's chair."""
    data = _input(n)
    opened = _opened(n)
    command = Decide(
        "chair.d1", "D1", "approve", "", decision_number=number, decision_date=AT.date()
    )
    state, _ = apply(opened, command, AT)
    return TransitionInput(
        f"dossier-{data.dossier_id}", state, len(opened.history) + 1, AT, data.policy
    )


def TransitionInput_result():  # type: ignore[no-untyped-def]
    from workflows.transition import TransitionResult

    return TransitionResult(due_at=AT, reminder_at=None)


async def _world(sessions) -> None:  # type: ignore[no-untyped-def]
    async with transaction(sessions) as session:
        await insert_org(session, "P1", "UBND tỉnh Thử", "province")
        await insert_org(session, "D1", "UBND huyện Thử", "district", "P1")
        await insert_org(session, "U1", "Trường Thử", "unit", "D1")
        session.add(
            User(
                username="canbo.u1",
                password_hash="x",
                full_name="Cán bộ",
                org_code="U1",
                roles=["officer"],
                email="canbo@tdkt.test",
            )
        )


async def test_two_hundred_concurrent_decisions_are_numbered_one_to_two_hundred(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=10)
    sessions = make_sessionmaker(engine)
    await _world(sessions)
    activities = TransitionActivities(sessions)
    requests = [decided_transition(n) for n in range(200)]
    try:
        results = await asyncio.gather(*(activities.commit_transition(r) for r in requests))
        again = await activities.commit_transition(requests[7])  # a retry after the commit
        async with sessions() as session:
            numbers = (await session.scalars(select(Dossier.decision["number"].astext))).all()
            awards = (await session.scalars(select(AwardRecord.decision_number))).all()
            commits = (await session.scalars(select(DossierCommit.version))).all()
            decided = (
                await session.scalars(
                    select(DossierEvent.comment).where(DossierEvent.action == "decided")
                )
            ).all()
            mails = (
                await session.scalars(
                    select(OutboxMessage.kind).where(OutboxMessage.kind == "decided")
                )
            ).all()
    finally:
        await engine.dispose()
    expected = {f"{n}/QĐ-UBND" for n in range(1, 201)}
    assert {r.decision_number for r in results} == expected
    assert again.decision_number == results[7].decision_number
    assert sorted(numbers) == sorted(expected)
    assert sorted(awards) == sorted(expected)  # one award row per dossier's nominee
    assert commits == [requests[0].state.version + 1] * 200
    assert {c.removeprefix("Quyết định số ") for c in decided} == expected
    assert len(mails) == 200


async def test_a_typed_number_is_kept_and_skipped_by_the_sequence(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=4)
    sessions = make_sessionmaker(engine)
    await _world(sessions)
    activities = TransitionActivities(sessions)
    try:
        typed = await activities.commit_transition(decided_transition(1, "2/QĐ-UBND"))
        first = await activities.commit_transition(decided_transition(2))
        second = await activities.commit_transition(decided_transition(3))
    finally:
        await engine.dispose()
    assert typed.decision_number is None  # the chair's own number stands
    assert (first.decision_number, second.decision_number) == ("1/QĐ-UBND", "3/QĐ-UBND")


async def test_another_transition_at_the_same_version_is_handed_back_for_a_rebase(
    fresh_database_url: Callable[[], str],
) -> None:
    """A workflow task committed an approval, died before Temporal recorded it, and its retry
    applied a return instead: the commit hands the approval back rather than writing over it."""
    engine = make_engine(fresh_database_url(), pool_size=4)
    sessions = make_sessionmaker(engine)
    await _world(sessions)
    activities = TransitionActivities(sessions)
    approved = replace(decided_transition(1), request_id="decide:first-attempt")
    returned_state, _ = apply(_opened(1), Decide("chair.d1", "D1", "return", "Bổ sung hồ sơ"), AT)
    returned = replace(approved, state=returned_state, request_id="decide:retry")
    try:
        first = await activities.commit_transition(approved)
        other = await activities.commit_transition(returned)
        again = await activities.commit_transition(approved)
        async with sessions() as session:
            status = await session.scalar(select(Dossier.status))
    finally:
        await engine.dispose()
    assert first.committed is None
    assert first.decision_number == "1/QĐ-UBND"
    assert other.committed is not None
    assert other.committed.status == "decided"
    assert other.committed.version == approved.state.version + 1
    assert again.stored  # the same transition retried: its own result, as stored
    assert replace(again, stored=False) == first
    assert status == "decided"  # nothing was written over it


async def test_a_recalculation_retried_after_a_calendar_change_is_handed_back_for_a_rebase(
    fresh_database_url: Callable[[], str],
) -> None:
    """Audit A5 §1: a recalculation committed by a workflow task that then timed out; the
    retried task also holds a later calendar signal (folded into the same version). The
    retry must not answer the deadline computed before that change: it hands the committed
    state back, and the recomputation on top of it follows the calendar as it is now."""
    engine = make_engine(fresh_database_url(), pool_size=4)
    sessions = make_sessionmaker(engine)
    await _world(sessions)
    activities = TransitionActivities(sessions)
    data = _input(1)
    data.policy = DeadlinePolicy.default()  # working days, where a day off moves the deadline
    wid = f"dossier-{data.dossier_id}"
    opening = TransitionInput(wid, opening_state(data), 1, AT, data.policy)
    try:
        opened = await activities.commit_transition(opening)
        state = settle(opening.state, opened, AT)
        recalc = TransitionInput(wid, state, len(state.history) + 1, AT, data.policy, recalc=True)
        first = await activities.commit_transition(recalc)
        async with transaction(sessions) as session:  # an admin: 2 Dec 2026 is a day off
            session.add(CalendarOverride(day=date(2026, 12, 2), working=False, updated_by="a"))
        retried = await activities.commit_transition(recalc)
        assert retried.committed is not None
        rebased = retried.committed
        on_top = TransitionInput(
            wid, rebased, len(rebased.history) + 1, AT, data.policy, recalc=True
        )
        fresh = await activities.commit_transition(on_top)
        async with sessions() as session:
            due = await session.scalar(select(Dossier.due_at))
            versions = (await session.scalars(select(DossierCommit.version))).all()
    finally:
        await engine.dispose()
    assert first.committed is None
    assert first.due_at == opened.due_at
    assert rebased.version == state.version + 1  # the recalculation PostgreSQL holds
    assert opened.due_at is not None
    assert fresh.due_at is not None
    assert fresh.due_at > opened.due_at  # one working day later: the day off counts now
    assert due == fresh.due_at  # every read shows the deadline the calendar gives now
    assert sorted(versions) == [state.version, state.version + 1, state.version + 2]


async def test_concurrent_attempts_of_one_transition_commit_it_once(
    fresh_database_url: Callable[[], str],
) -> None:
    """Attempts of the same transition racing (a local activity retried while its first
    attempt still runs): one commits; the others roll back, the decision counter and the
    request's audit-log entry included, and answer the committed result."""
    engine = make_engine(fresh_database_url(), pool_size=6)
    sessions = make_sessionmaker(engine)
    await _world(sessions)
    activities = TransitionActivities(sessions)
    origin = Origin("chair.d1", "dossier.approve", "203.0.113.7")
    request = replace(decided_transition(1), request_id="decide:raced", origin=origin)
    try:
        results = await asyncio.gather(*(activities.commit_transition(request) for _ in range(5)))
        following = await activities.commit_transition(decided_transition(2))
        async with sessions() as session:
            events = (
                await session.scalars(
                    select(DossierEvent.event_key).where(DossierEvent.action == "decided")
                )
            ).all()
            mails = (await session.scalars(select(OutboxMessage.recipient))).all()
            awards = (await session.scalars(select(AwardRecord.decision_number))).all()
            commits = (await session.scalars(select(DossierCommit.workflow_id))).all()
            audit = (
                await session.execute(
                    select(AuditEntry.actor, AuditEntry.action, AuditEntry.target, AuditEntry.ip)
                )
            ).all()
    finally:
        await engine.dispose()
    # the entry of the request, once; the second dossier's transition carried none
    assert [tuple(a) for a in audit] == [
        ("chair.d1", "dossier.approve", "HS-2026-N0001", "203.0.113.7")
    ]
    assert {r.decision_number for r in results} == {"1/QĐ-UBND"}
    assert all(r.committed is None for r in results)
    assert following.decision_number == "2/QĐ-UBND"  # no number lost to a rolled-back attempt
    assert len(events) == 2
    assert sorted(awards) == ["1/QĐ-UBND", "2/QĐ-UBND"]
    assert len(commits) == 2
    assert mails.count("canbo.u1") == 2  # one "decided" mail per dossier


async def test_every_statement_of_a_transition_is_compiled_once_and_then_cached(
    fresh_database_url: Callable[[], str],
) -> None:
    """Multi-row ``VALUES`` are never cached by SQLAlchemy; the commit's rows travel as JSONB
    (store/recordset.py), so the second dossier's transition compiles nothing new."""
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _world(sessions)
    activities = TransitionActivities(sessions)
    seen: list[tuple[str, CacheStats]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement.split()[0], context.cache_hit))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await activities.commit_transition(decided_transition(900))
        first = list(seen)
        seen.clear()
        built = _record.cache_info()
        await activities.commit_transition(decided_transition(901))
    finally:
        await engine.dispose()
    # the statement itself is built once per shape: no construction, no cache-key walk
    assert _record.cache_info().hits == built.hits + 1
    assert _record.cache_info().misses == built.misses
    assert any(stats is CacheStats.CACHE_MISS for _, stats in first)  # compiled the first time
    # The second transition of the same shape: every statement straight from the cache
    # (the upsert, the decision counter and the one INSERT carrying every CTE).
    assert len(seen) >= 3
    assert [s for s in seen if s[1] is not CacheStats.CACHE_HIT] == []
