"""Admin overrides of the working-day calendar (calendar_overrides table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import CalendarOverride


@dataclass(frozen=True)
class OverrideRow:
    day: date
    working: bool
    note: str
    updated_by: str


async def upsert(
    *, session: AsyncSession, day: date, working: bool, note: str, updated_by: str
) -> OverrideRow:
    stmt = insert(CalendarOverride).values(
        day=day, working=working, note=note, updated_by=updated_by
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[CalendarOverride.day],
        set_={
            "working": stmt.excluded.working,
            "note": stmt.excluded.note,
            "updated_by": stmt.excluded.updated_by,
            "updated_at": func.now(),
        },
    )
    await session.execute(stmt)
    return OverrideRow(day=day, working=working, note=note, updated_by=updated_by)


async def between(*, session: AsyncSession, start: date, end: date) -> dict[date, bool]:
    """Overrides with `start <= day <= end` as {day: working}."""
    stmt = select(CalendarOverride.day, CalendarOverride.working).where(
        CalendarOverride.day.between(start, end)
    )
    return {row.day: row.working for row in (await session.execute(stmt)).all()}


async def in_year(*, session: AsyncSession, year: int) -> list[OverrideRow]:
    """Every override of a calendar year, by day."""
    stmt = (
        select(CalendarOverride)
        .where(CalendarOverride.day.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(CalendarOverride.day)
    )
    return [
        OverrideRow(day=r.day, working=r.working, note=r.note, updated_by=r.updated_by)
        for r in (await session.scalars(stmt)).all()
    ]


async def remove(*, session: AsyncSession, day: date) -> bool:
    """Delete the override of ``day``; False when there was none."""
    result = await session.execute(
        delete(CalendarOverride).where(CalendarOverride.day == day).returning(CalendarOverride.day)
    )
    return result.first() is not None
