"""The foundation against real services: migrations, append-only audit, the Temporal servers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.testing import WorkflowEnvironment

from store.models import Dossier, DossierEvent, Org
from store.seed import STATE_ORGS, insert_org


async def _dossier(session: AsyncSession, dossier_id: str) -> None:
    await insert_org(session, "U1", "Trường Tiểu học Thử", "unit")
    session.add(
        Dossier(
            id=dossier_id,
            workflow_id=f"dossier-{dossier_id}",
            award_code="LDTT",
            proposer_org="U1",
            route_profile="three_tier",
            route=["unit", "district"],
            route_orgs=["U1", "D1"],
            status="in_review",
            created_by="officer",
        )
    )
    await session.flush()


async def test_migrations_create_every_table(db_session: AsyncSession) -> None:
    rows = await db_session.execute(
        text("select tablename from pg_tables where schemaname = 'public'")
    )
    tables = {r[0] for r in rows}
    expected = {
        "orgs",
        "users",
        "dossiers",
        "nominees",
        "stages",
        "dossier_events",
        "outbox",
        "award_registry",
        "idempotency_keys",
        "calendar_overrides",
        "objections",
        "alembic_version",
    }
    assert expected <= tables


async def test_seed_orgs_are_idempotent(db_session: AsyncSession) -> None:
    for _ in range(2):
        for code, name, level in STATE_ORGS:
            await insert_org(db_session, code, name, level)
    codes = (await db_session.scalars(select(Org.code).where(Org.level == "central"))).all()
    assert codes == ["BNV"]


async def test_audit_trail_is_append_only(db_session: AsyncSession) -> None:
    await _dossier(db_session, "HS-T1")
    db_session.add(
        DossierEvent(
            event_key="HS-T1:1",
            dossier_id="HS-T1",
            at=datetime.now(UTC),
            actor="officer",
            action="submitted",
            comment="Nộp hồ sơ",
        )
    )
    await db_session.flush()
    with pytest.raises(DBAPIError, match="append-only"):
        async with db_session.begin_nested():
            await db_session.execute(text("update dossier_events set comment = 'x'"))
    with pytest.raises(DBAPIError, match="append-only"):
        async with db_session.begin_nested():
            await db_session.execute(text("delete from dossier_events"))


async def test_vietnamese_text_round_trips_nfc(db_session: AsyncSession) -> None:
    name = "Nguyễn Thị Hồng Nhung — Trường THCS Lê Quý Đôn"
    await insert_org(db_session, "U2", name, "unit")
    stored = await db_session.scalar(select(Org.name).where(Org.code == "U2"))
    assert stored == name


async def test_time_skipping_server_skips_time(time_skipping_env: WorkflowEnvironment) -> None:
    before = await time_skipping_env.get_current_time()
    await time_skipping_env.sleep(86400 * 30)
    after = await time_skipping_env.get_current_time()
    assert (after - before).days >= 30


async def test_dev_server_answers(dev_env: WorkflowEnvironment) -> None:
    assert await dev_env.client.service_client.check_health()
