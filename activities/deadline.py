"""compute_deadline: working-day deadlines over the holiday data and the admin overrides."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache

from sqlalchemy import Date, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from core.holidays import calendar_from
from domain.calendar import WorkingCalendar, local_date
from domain.policy import deadline_after, reminder_at
from store.models import CalendarOverride
from workflows.activity_contracts import COMPUTE_DEADLINE, DeadlineRequest, DeadlineResult

# A deadline of a few months never reaches further than this past its start.
_HORIZON = timedelta(days=730)


def compute(request: DeadlineRequest, calendar: WorkingCalendar) -> DeadlineResult:
    """Apply each span in turn from ``request.start``; remind ``reminder_before`` ahead."""
    due = request.start
    for span in request.spans:
        due = deadline_after(due, span, calendar)
    reminder = None
    if request.reminder_before is not None:
        reminder = reminder_at(request.start, due, request.reminder_before, calendar)
    return DeadlineResult(due_at=due, reminder_at=reminder)


def calendar_around(start: date, overrides: dict[date, bool]) -> WorkingCalendar:
    """Holidays of the start year and the two following, plus ``overrides``."""
    return _calendar(start.year, tuple(sorted(overrides.items())))


@lru_cache(maxsize=64)
def _calendar(year: int, overrides: tuple[tuple[date, bool], ...]) -> WorkingCalendar:
    # The package data is cached in core.holidays; this saves the merge per transition. The
    # overrides are read from PostgreSQL on every call and are part of the key, so an admin
    # change is seen at once.
    return calendar_from(range(year - 1, year + 3), dict(overrides))


def warm_calendar(today: date) -> None:
    """Build this year's holiday data before the worker polls: ~300 ms of CPU that would
    otherwise stall the event loop (every workflow task with it) at the first transition."""
    calendar_around(today, {})


@cache
def _overrides_between() -> Select[date, bool]:
    # built once, bound per transition
    day = CalendarOverride.day
    between = (day >= bindparam("first", type_=Date), day <= bindparam("last", type_=Date))
    return select(day, CalendarOverride.working).where(*between)


async def overrides_in(session: AsyncSession, start: date) -> dict[date, bool]:
    """The admin overrides a deadline starting on ``start`` may meet."""
    params = {"first": start - timedelta(days=31), "last": start + _HORIZON}
    rows = (await session.execute(_overrides_between(), params)).all()
    return {row.day: row.working for row in rows}


class DeadlineActivities:
    """Deadline arithmetic needs the admin overrides, hence a database session factory."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def overrides(self, start: date) -> dict[date, bool]:
        async with self._sessions() as session:
            return await overrides_in(session, start)

    @activity.defn(name=COMPUTE_DEADLINE)
    async def compute_deadline(self, request: DeadlineRequest) -> DeadlineResult:
        start = local_date(request.start)
        calendar = calendar_around(start, await self.overrides(start))
        return compute(request, calendar)
