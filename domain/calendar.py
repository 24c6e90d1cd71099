"""Working-day arithmetic over a holiday set passed in (contract §6).

Working days are Monday to Friday, minus public holidays, with admin overrides: an override
``True`` makes a day a working day (e.g. a make-up Saturday), ``False`` makes it a day off.
Holiday data is loaded outside the domain (``core/holidays.py``) and passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "UTC+07:00")
"""Vietnam time: fixed UTC+7, no daylight saving."""

END_OF_DAY = time(23, 59, 59)
EXTRA_DAY_OFF_NAME = "Ngày nghỉ bổ sung"
_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def _empty() -> Mapping[date, bool]:
    return {}


@dataclass(frozen=True)
class WorkingCalendar:
    """Holidays (date → Vietnamese name) plus overrides (date → working?)."""

    holidays: Mapping[date, str]
    overrides: Mapping[date, bool] = field(default_factory=_empty)

    def is_working_day(self, d: date) -> bool:
        """Overrides win; otherwise Monday-Friday that is not a holiday."""
        override = self.overrides.get(d)
        if override is not None:
            return override
        return d.weekday() < _SATURDAY and d not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d = start
        while n > 0:
            d += _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def subtract_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day before ``d`` (``d`` itself not counted)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        while n > 0:
            d -= _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start
        while d < end:
            d += _ONE_DAY
            if self.is_working_day(d):
                count += 1
        return count

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        """Days off of ``year`` other than weekends, sorted by date.

        Holidays overridden as working days are left out; extra days off recorded as overrides
        are listed as "Ngày nghỉ bổ sung".
        """
        days = {d: n for d, n in self.holidays.items() if d.year == year}
        for d, working in self.overrides.items():
            if d.year != year:
                continue
            if working:
                days.pop(d, None)
            elif d not in days and d.weekday() < _SATURDAY:
                days[d] = EXTRA_DAY_OFF_NAME
        return sorted(days.items())


def end_of_day(d: date) -> datetime:
    """23:59:59 of ``d`` in Vietnam time."""
    return datetime.combine(d, END_OF_DAY, tzinfo=VN_TZ)


def local_date(at: datetime) -> date:
    """The calendar date of ``at`` in Vietnam time; ``at`` must be timezone-aware."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware: {at!r}")
    return at.astimezone(VN_TZ).date()
