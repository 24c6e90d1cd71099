"""core.holidays: the holidays package (0.108) gives the Vietnamese days off we rely on."""

import unicodedata
from datetime import date
from typing import Any

import holidays
import pytest

from core.holidays import (
    ANNOUNCED_DAYS_OFF,
    calendar_from,
    vietnam_holidays,
    vietnam_workday_overrides,
)


def test_tet_2026_is_16_to_20_february() -> None:
    days = vietnam_holidays([2026])
    for day in range(16, 21):
        assert date(2026, 2, day) in days
    assert date(2026, 2, 23) not in days
    assert days[date(2026, 2, 17)] == "Tết Nguyên Đán"


def test_fixed_holidays_and_culture_day() -> None:
    days = vietnam_holidays([2026])
    expected = [
        date(2026, 1, 1),
        date(2026, 4, 27),  # Giỗ Tổ Hùng Vương observed (26/4 is a Sunday)
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 11, 24),
    ]
    for d in expected:
        assert d in days, d
    assert "Hùng Vương" in days[date(2026, 4, 26)]
    assert days[date(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"


def test_names_are_vietnamese_nfc() -> None:
    for name in vietnam_holidays([2025, 2026, 2027]).values():
        assert unicodedata.is_normalized("NFC", name)
    assert all(d.year == 2027 for d in vietnam_holidays([2027]))


def test_announced_table_wins_and_is_in_range() -> None:
    days = vietnam_holidays([2026])
    for d, name in ANNOUNCED_DAYS_OFF.items():
        assert days[d] == name
    assert not set(ANNOUNCED_DAYS_OFF) & set(vietnam_holidays([2025]))


def test_makeup_saturdays_and_admin_overrides() -> None:
    assert vietnam_workday_overrides([2026]) == {date(2026, 8, 22): True}
    cal = calendar_from([2026], {date(2026, 8, 22): False, date(2026, 3, 2): False})
    assert not cal.is_working_day(date(2026, 8, 22))  # admin wins
    assert not cal.is_working_day(date(2026, 3, 2))
    assert calendar_from([2026]).is_working_day(date(2026, 8, 22))


def test_due_date_across_tet_2026() -> None:
    cal = calendar_from([2026])
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 10), 20) == date(2026, 3, 17)


def test_package_data_is_built_once_per_year_set_and_never_shared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[tuple[int, ...]] = []
    real = holidays.country_holidays

    def counting(*args: Any, **kwargs: Any) -> holidays.HolidayBase:
        built.append(tuple(kwargs["years"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    years = [2091, 2092]  # a year set no other test builds
    first = vietnam_holidays(years)
    first.clear()  # a caller's copy: clearing it changes nobody else's calendar
    assert calendar_from(reversed(years), {date(2091, 1, 1): True}).is_working_day(date(2091, 1, 1))
    second = calendar_from(years)
    assert not second.is_working_day(date(2091, 1, 1))
    assert second.holidays == vietnam_holidays(years)
    assert vietnam_workday_overrides(years) == vietnam_workday_overrides(set(years))
    assert built == [(2091, 2092)]
