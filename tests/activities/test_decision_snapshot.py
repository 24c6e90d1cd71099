"""The decision snapshot (migration 0023) on real PostgreSQL: the transition that decides a
dossier stores, in its own transaction, the orgs its papers name (doc symbol and place name
written out, with their parents) and their chairs; a retry writes it once and keeps it, a
transition handed back for a rebase writes none, a transition that decides nothing writes none,
and an engine-v1 dossier gets its snapshot from the projection of its deciding state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from activities.projection import ProjectionActivities
from activities.transition import TransitionActivities
from api.services.documents import paper_orgs
from domain.dossier import Decide, apply
from store.db import make_engine, make_sessionmaker, transaction
from store.models import DecisionSnapshot, Org, User
from tests.activities.test_transition import AT, _opened, _world, decided_transition
from workflows.activity_contracts import ProjectionInput
from workflows.transition import TransitionInput

DISTRICT = {
    "code": "D1",
    "name": "UBND huyện Thử",
    "level": "district",
    "parent_code": "P1",
    "doc_symbol": "UBND",
    "locality": "Thử",
    "kind": None,
}


async def _chaired(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _world(sessions)
    async with transaction(sessions) as session:
        session.add(
            User(
                username="chair.d1",
                password_hash="x",
                full_name="Chủ tịch Cũ",
                org_code="D1",
                roles=["chair"],
            )
        )


async def _edit_everything(sessions: async_sessionmaker[AsyncSession]) -> None:
    """An admin renames the district, sets its symbol and place name; its chair changes."""
    async with transaction(sessions) as session:
        await session.execute(
            update(Org)
            .where(Org.code == "D1")
            .values(name="UBND thị xã Mới", doc_symbol="TXM", locality="Mới")
        )
        await session.execute(update(User).where(User.username == "chair.d1").values(active=False))
        session.add(
            User(
                username="chair2.d1",
                password_hash="x",
                full_name="Chủ tịch Mới",
                org_code="D1",
                roles=["chair"],
            )
        )


async def _snapshots(sessions: async_sessionmaker[AsyncSession]) -> list[Any]:
    async with sessions() as session:
        return list((await session.execute(select(DecisionSnapshot))).all())


async def test_the_deciding_transition_stores_the_orgs_once_and_a_retry_keeps_them(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _chaired(sessions)
    activities = TransitionActivities(sessions)
    request = decided_transition(1)
    try:
        first = await activities.commit_transition(request)
        await _edit_everything(sessions)
        again = await activities.commit_transition(request)  # the worker died after COMMIT
        rows = await _snapshots(sessions)
    finally:
        await engine.dispose()
    assert again.stored  # the result the first attempt stored
    assert replace(again, stored=False) == first
    assert len(rows) == 1
    snapshot = rows[0].DecisionSnapshot
    assert snapshot.dossier_id == "HS-2026-N0001"
    orgs = {o["code"]: o for o in snapshot.orgs}
    assert orgs.keys() == {"U1", "D1", "P1"}  # the route's orgs and their parents
    assert orgs["D1"] == DISTRICT  # the symbol and the place name written out
    assert orgs["U1"]["locality"] == "Thử"  # a unit's place name: its committee's
    assert snapshot.chairs == {"D1": "Chủ tịch Cũ"}


async def test_papers_read_the_snapshot_and_a_dossier_decided_before_0023_the_orgs_now(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _chaired(sessions)
    codes = {"U1", "D1"}
    try:
        await TransitionActivities(sessions).commit_transition(decided_transition(1))
        await _edit_everything(sessions)
        async with transaction(sessions) as session:
            kept = await paper_orgs(session, "HS-2026-N0001", "decided", codes)
            await session.execute(delete(DecisionSnapshot))  # as if decided before 0023
            now = await paper_orgs(session, "HS-2026-N0001", "decided", codes)
    finally:
        await engine.dispose()
    assert (kept.orgs["D1"].name, kept.orgs["D1"].doc_symbol) == ("UBND huyện Thử", "UBND")
    assert kept.chairs == {"D1": "Chủ tịch Cũ"}
    assert (now.orgs["D1"].name, now.orgs["D1"].doc_symbol) == ("UBND thị xã Mới", "TXM")
    assert now.chairs == {"D1": "Chủ tịch Mới"}


async def test_no_snapshot_without_a_decision_or_when_the_version_is_taken(
    fresh_database_url: Callable[[], str],
) -> None:
    """A return decides nothing; an approval retried after another transition took its
    version is handed back and rolls back, its snapshot included."""
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _chaired(sessions)
    activities = TransitionActivities(sessions)
    approved = decided_transition(1)
    returned_state, _ = apply(_opened(1), Decide("chair.d1", "D1", "return", "Bổ sung hồ sơ"), AT)
    returned = replace(approved, state=returned_state, request_id="decide:other")
    try:
        committed = await activities.commit_transition(returned)
        handed_back = await activities.commit_transition(approved)
        rows = await _snapshots(sessions)
    finally:
        await engine.dispose()
    assert committed.committed is None
    assert handed_back.committed is not None
    assert handed_back.committed.status == "returned"
    assert rows == []


async def test_an_engine_v1_dossier_gets_its_snapshot_from_its_deciding_projection(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _chaired(sessions)
    projections = ProjectionActivities(sessions)
    request: TransitionInput = decided_transition(2)
    try:
        assert await projections.project_dossier(ProjectionInput(request.workflow_id, _opened(2)))
        assert await _snapshots(sessions) == []  # a submission decides nothing
        decided = ProjectionInput(request.workflow_id, request.state)
        assert await projections.project_dossier(decided)
        await _edit_everything(sessions)
        assert not await projections.project_dossier(decided)  # a retry: this version is in
        async with sessions() as session:
            count = await session.scalar(select(func.count()).select_from(DecisionSnapshot))
        rows = await _snapshots(sessions)
    finally:
        await engine.dispose()
    assert count == 1
    orgs = {o["code"]: o for o in rows[0].DecisionSnapshot.orgs}
    assert orgs["D1"] == DISTRICT
    assert rows[0].DecisionSnapshot.chairs == {"D1": "Chủ tịch Cũ"}
