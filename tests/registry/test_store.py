"""Migration 0009 on real PostgreSQL: the person-key trigger and the duplicate guard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from alembic import command
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.registry import normalise_name
from store.migrate import alembic_config, upgrade_head
from store.models import AwardRecord, Org

NAMES = (
    "\u00a0 ĐẶNG \u2003 Thị\tÁnh\u00a0Tuyết\u3000",
    "NGUYỄN VĂN AN",
    "Nguye\u0302\u0303n Văn Ấn",  # decomposed (NFD) input
    "ÝÊĐƠƯÂĂÔ  ỹ",
)


def _row(name: str, **extra: object) -> dict[str, object]:
    return {
        "award_code": "LDTT",
        "subject": "individual",
        "name": name,
        "org_code": "ORG-STORE",
        "decision_number": "1/QĐ-UBND",
        "decision_date": date(2024, 12, 20),
        "achievement_year": 2024,
        **extra,
    }


async def _org(session: AsyncSession) -> None:
    session.add(Org(code="ORG-STORE", name="Trường thử", level="unit"))
    await session.flush()


@pytest.mark.parametrize("name", NAMES)
async def test_trigger_fills_the_same_person_key_as_python(
    db_session: AsyncSession, name: str
) -> None:
    """A writer that omits person_key (the workflow's) gets the key domain.registry computes."""
    await _org(db_session)
    await db_session.execute(insert(AwardRecord).values(_row(name)))
    stored = await db_session.scalar(select(AwardRecord).where(AwardRecord.name == name))
    assert stored is not None
    assert stored.person_key == normalise_name(name)
    assert stored.source == "tdkt"
    assert " " not in stored.person_key[:1] + stored.person_key[-1:]


async def test_same_person_award_and_year_twice_is_refused(db_session: AsyncSession) -> None:
    await _org(db_session)
    first = _row("Lê Văn Bình", identity_number="027090001234", source="import")
    await db_session.execute(insert(AwardRecord).values(first))
    again = _row("LÊ VĂN BÌNH", identity_number="027090001234", source="import")
    with pytest.raises(IntegrityError):
        async with db_session.begin_nested():
            await db_session.execute(insert(AwardRecord).values(again))
    by_name = _row("Trần Thị Cúc", birth_date=date(1990, 5, 1), source="import")
    await db_session.execute(insert(AwardRecord).values(by_name))
    lower = {**by_name, "name": "trần thị cúc"}
    with pytest.raises(IntegrityError):
        async with db_session.begin_nested():
            await db_session.execute(insert(AwardRecord).values(lower))
    other_year = {**by_name, "achievement_year": 2023}
    await db_session.execute(insert(AwardRecord).values(other_year))
    assert len((await db_session.scalars(select(AwardRecord))).all()) == 3


def test_migration_0009_downgrades_and_upgrades_again(
    fresh_database_url: Callable[[], str],
) -> None:
    """Expand/contract: 0009 can be rolled back to 0006 and re-applied on a database in use."""
    url = fresh_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0006")
    command.upgrade(config, "head")
    command.downgrade(config, "0006")
    upgrade_head(url)
