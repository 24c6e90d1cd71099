"""Vietnamese public holidays for the working-day calendar, from the ``holidays`` package.

The domain (``domain.calendar``) never imports this module; activities and services build a
``WorkingCalendar`` here and pass it in. Names are Vietnamese (the package's ``vi`` locale),
NFC-normalised; :func:`holiday_name` says what each means, for the catalogues to word it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays

from domain.calendar import EXTRA_DAY_OFF_NAME, WorkingCalendar

# Days off as officially announced, for years where an announcement exists. They are merged
# over the package output so that a package upgrade with different estimates cannot silently
# move them. Tết Bính Ngọ 2026: weekdays 16-20/02/2026 off (14-22/02 with the weekends), as
# the issue states; holidays 0.108 gives the same days, the table pins them.
ANNOUNCED_DAYS_OFF: Mapping[date, str] = {
    date(2026, 2, 16): "Giao thừa Tết Nguyên Đán",
    date(2026, 2, 17): "Tết Nguyên Đán",
    date(2026, 2, 18): "Mùng hai Tết Nguyên Đán",
    date(2026, 2, 19): "Mùng ba Tết Nguyên Đán",
    date(2026, 2, 20): "Mùng bốn Tết Nguyên Đán",
}

# Announced make-up working days (a Saturday worked in exchange for a bridge day off), on top
# of the package's ``weekend_workdays``. Empty for now: 0.108 already has 26/04/2025 and
# 22/08/2026.
ANNOUNCED_WORKDAYS: frozenset[date] = frozenset()


# The package's Vietnamese names by a stable key: the catalogues word ``holiday.<key>`` in the
# reader's language (api.services.calendar). A name not listed (a package upgrade's new one) is
# shown as the package says it.
HOLIDAY_KEYS: Mapping[str, str] = {
    "Tết Dương lịch": "new_year",
    "Giao thừa Tết Nguyên Đán": "lunar_new_year_eve",
    "29 Tết": "lunar_29",
    "Tết Nguyên Đán": "lunar_new_year",
    "Mùng hai Tết Nguyên Đán": "lunar_day_2",
    "Mùng ba Tết Nguyên Đán": "lunar_day_3",
    "Mùng bốn Tết Nguyên Đán": "lunar_day_4",
    "Mùng năm Tết Nguyên Đán": "lunar_day_5",
    "Mùng sáu Tết Nguyên Đán": "lunar_day_6",
    "Ngày Giỗ Tổ Hùng Vương": "hung_kings",
    "Ngày Chiến thắng": "reunification",
    "Ngày Quốc tế Lao động": "labour_day",
    "Quốc khánh": "national_day",
    "Ngày Văn hóa Việt Nam": "culture_day",
    EXTRA_DAY_OFF_NAME: "extra_day_off",
}
_OBSERVED = " (nghỉ bù)"  # the day off in lieu of a holiday that fell on a weekend
_SWAPPED = re.compile(r"Ngày nghỉ \(thay cho ngày (\d\d)/(\d\d)/(\d{4})\)")


@dataclass(frozen=True)
class HolidayName:
    """What a holiday's name says: ``key`` (``holiday.<key>``) or, for a name not known,
    None and ``text`` as given; ``observed`` for a day in lieu; ``swapped_for`` for a bridge
    day off worked on that (Saturday) date instead."""

    text: str
    key: str | None = None
    observed: bool = False
    swapped_for: date | None = None


def holiday_name(name: str) -> HolidayName:
    """The meaning of one of :func:`vietnam_holidays`' names (or a calendar's extra day off)."""
    swapped = _SWAPPED.fullmatch(name)
    if swapped is not None:
        day, month, year = (int(part) for part in swapped.groups())
        return HolidayName(name, "swapped_day_off", swapped_for=date(year, month, day))
    base = name.removesuffix(_OBSERVED)
    return HolidayName(name, HOLIDAY_KEYS.get(base), observed=base != name)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _package(years: Iterable[int]) -> tuple[Mapping[date, str], frozenset[date]]:
    """The package's days off (NFC names) and make-up working Saturdays of ``years``."""
    return _package_years(tuple(sorted(set(years))))


@lru_cache(maxsize=32)
def _package_years(years: tuple[int, ...]) -> tuple[Mapping[date, str], frozenset[date]]:
    # The lunar holidays of four years take ~300 ms of CPU to build: once per year set per
    # process, not at every calendar (an admin override used to rebuild them), and read-only.
    package = holidays.country_holidays("VN", years=years, language="vi")
    names = MappingProxyType({d: _nfc(name) for d, name in package.items()})
    return names, frozenset(package.weekend_workdays)


def vietnam_holidays(years: Iterable[int]) -> dict[date, str]:
    """Public days off (date → Vietnamese name) of the given years.

    Includes Tết Dương lịch, Tết Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 with its adjacent
    day, Ngày Văn hóa Việt Nam (24/11, from 2026), observed and bridge days, plus
    :data:`ANNOUNCED_DAYS_OFF`.
    """
    wanted = set(years)
    result = dict(_package(wanted)[0])
    result.update({d: name for d, name in ANNOUNCED_DAYS_OFF.items() if d.year in wanted})
    return dict(sorted(result.items()))


def vietnam_workday_overrides(years: Iterable[int]) -> dict[date, bool]:
    """Make-up working Saturdays of the given years (date → True)."""
    wanted = set(years)
    days = _package(wanted)[1] | ANNOUNCED_WORKDAYS
    return {d: True for d in sorted(days) if d.year in wanted}


def calendar_from(
    years: Iterable[int], overrides: Mapping[date, bool] | None = None
) -> WorkingCalendar:
    """A working calendar for ``years``; admin ``overrides`` win over the package data."""
    wanted = sorted(set(years))
    merged = vietnam_workday_overrides(wanted)
    merged.update(overrides or {})
    return WorkingCalendar(holidays=vietnam_holidays(wanted), overrides=merged)
