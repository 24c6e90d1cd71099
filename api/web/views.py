"""View models of the pages, built from what the services return.

The services answer with Pydantic schemas or workflow dataclasses; the pages only read
attributes, so both fit. Working days left are counted with the same working-day calendar the
deadlines come from (``api.services.calendar.working_calendar`` = ``core.holidays`` +
admin overrides, ``domain.calendar``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.services.calendar import working_calendar
from domain.calendar import WorkingCalendar, local_date


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _text(value: Any) -> str:
    """Enum members and plain strings alike."""
    if value is None:
        return ""
    return str(getattr(value, "value", value))


@dataclass(frozen=True)
class StageInfo:
    level: str
    org_code: str
    arrived_at: datetime | None
    due_at: datetime | None
    overdue: bool
    escalation_level: int
    phase: str

    @classmethod
    def of(cls, stage: Any) -> StageInfo | None:
        if stage is None:
            return None
        return cls(
            level=_text(_get(stage, "level")),
            org_code=_text(_get(stage, "org_code")),
            arrived_at=_get(stage, "arrived_at"),
            due_at=_get(stage, "due_at"),
            overdue=bool(_get(stage, "overdue", False)),
            escalation_level=int(_get(stage, "escalation_level", 0) or 0),
            phase=_text(_get(stage, "phase")) or "review",
        )


@dataclass(frozen=True)
class Row:
    """One dossier in a list (the inbox, the search list)."""

    id: str
    award_code: str
    proposer_org: str
    status: str
    stage: StageInfo | None
    late: bool
    days_left: int | None  # working days until due (negative: overdue), None without a deadline

    @property
    def due_at(self) -> datetime | None:
        return self.stage.due_at if self.stage else None

    @property
    def overdue(self) -> bool:
        return bool(self.stage and (self.stage.overdue or (self.days_left or 0) < 0))


def org_codes(rows: Iterable[Row]) -> list[str]:
    """The org codes a list of rows shows (proposers and the orgs now acting)."""
    return [c for r in rows for c in (r.proposer_org, r.stage.org_code if r.stage else None) if c]


def days_left(calendar: WorkingCalendar, today: date, due_at: datetime | None) -> int | None:
    """Working days from today to the due day: 0 = due today, negative = that many late."""
    if due_at is None:
        return None
    return calendar.working_days_between(today, local_date(due_at))


async def calendar_for(
    session: AsyncSession, today: date, dues: Iterable[datetime | None]
) -> WorkingCalendar:
    years = [today.year] + [local_date(d).year for d in dues if d is not None]
    return await working_calendar(session=session, first_year=min(years), last_year=max(years))


async def rows_of(
    session: AsyncSession, items: Sequence[Any], now: datetime, *, by_due: bool = True
) -> list[Row]:
    """Rows with working days left; earliest deadline first unless ``by_due`` is False."""
    today = local_date(now)
    stages = [StageInfo.of(_get(item, "stage")) for item in items]
    calendar = await calendar_for(session, today, [s.due_at for s in stages if s])
    rows = [
        Row(
            id=_text(_get(item, "id")),
            award_code=_text(_get(item, "award_code")),
            proposer_org=_text(_get(item, "proposer_org")),
            status=_text(_get(item, "status")),
            stage=stage,
            late=bool(_get(item, "late", False)),
            days_left=days_left(calendar, today, stage.due_at if stage else None),
        )
        for item, stage in zip(items, stages, strict=True)
    ]
    if not by_due:
        return rows
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(rows, key=lambda r: (r.due_at or far, r.id))
