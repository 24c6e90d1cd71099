"""Working-day arithmetic (contract §6) over Vietnamese holidays typed in from announcements."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import VN_TZ, WorkingCalendar, end_of_day, local_date

# Days off 2025-2027 as announced (Labour Code 2019 Art.112; Tết 2026 16-20/02; 24/11 from 2026).
HOLIDAYS = {
    date(2025, 1, 1): "Tết Dương lịch",
    **{date(2025, 1, d): "Tết Nguyên Đán" for d in range(27, 32)},
    date(2025, 4, 7): "Giỗ Tổ Hùng Vương",
    date(2025, 4, 30): "Ngày Chiến thắng",
    date(2025, 5, 1): "Quốc tế Lao động",
    date(2025, 5, 2): "Ngày nghỉ bù",
    date(2025, 9, 1): "Quốc khánh",
    date(2025, 9, 2): "Quốc khánh",
    date(2026, 1, 1): "Tết Dương lịch",
    **{date(2026, 2, d): "Tết Nguyên Đán" for d in range(16, 21)},
    date(2026, 4, 27): "Giỗ Tổ Hùng Vương (nghỉ bù)",
    date(2026, 4, 30): "Ngày Chiến thắng",
    date(2026, 5, 1): "Quốc tế Lao động",
    date(2026, 8, 31): "Ngày nghỉ",
    date(2026, 9, 1): "Quốc khánh",
    date(2026, 9, 2): "Quốc khánh",
    date(2026, 11, 24): "Ngày Văn hóa Việt Nam",
    date(2027, 1, 1): "Tết Dương lịch",
}
MAKEUP = {date(2025, 4, 26): True, date(2026, 8, 22): True}
CAL = WorkingCalendar(HOLIDAYS, MAKEUP)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 2, 13), 0, date(2026, 2, 13)),
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Fri before Tết → Mon after
        (date(2026, 2, 12), 2, date(2026, 2, 23)),
        (date(2026, 2, 10), 20, date(2026, 3, 17)),  # 3 + Tết week off + 17
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Hùng Kings observed Mon 27/4
        (date(2026, 4, 29), 1, date(2026, 5, 4)),  # 30/4 + 1/5 off
        (date(2026, 8, 21), 1, date(2026, 8, 22)),  # make-up Saturday counts
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # 31/8, 1/9, 2/9 off
        (date(2026, 11, 23), 1, date(2026, 11, 25)),  # Vietnamese Culture Day
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # year end: 1/1 Fri off
        (date(2025, 12, 31), 1, date(2026, 1, 2)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # make-up Saturday 2025
        (date(2025, 4, 29), 1, date(2025, 5, 5)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected
    assert CAL.subtract_working_days(expected, n) <= start


@pytest.mark.parametrize(
    ("d", "working"),
    [
        (date(2026, 2, 16), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),
        (date(2026, 2, 14), False),  # Saturday
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 11, 24), False),
        (date(2026, 11, 25), True),
    ],
)
def test_is_working_day(d: date, working: bool) -> None:
    assert CAL.is_working_day(d) is working


def test_override_false_adds_day_off_and_true_cancels_holiday() -> None:
    cal = WorkingCalendar(HOLIDAYS, {date(2026, 3, 2): False, date(2026, 11, 24): True})
    assert not cal.is_working_day(date(2026, 3, 2))
    assert cal.is_working_day(date(2026, 11, 24))
    listed = dict(cal.holidays_in(2026))
    assert listed[date(2026, 3, 2)] == "Ngày nghỉ bổ sung"
    assert date(2026, 11, 24) not in listed


def test_holidays_in_year_sorted_and_filtered() -> None:
    days = CAL.holidays_in(2027)
    assert days == [(date(2027, 1, 1), "Tết Dương lịch")]
    assert [d for d, _ in CAL.holidays_in(2026)] == sorted(d for d in HOLIDAYS if d.year == 2026)


def test_working_days_between_across_tet() -> None:
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert CAL.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == 0


def test_negative_n_refused() -> None:
    with pytest.raises(ValueError, match="n must be"):
        CAL.add_working_days(date(2026, 1, 5), -1)
    with pytest.raises(ValueError, match="n must be"):
        CAL.subtract_working_days(date(2026, 1, 5), -1)


def test_end_of_day_is_utc_plus_7() -> None:
    eod = end_of_day(date(2026, 2, 23))
    assert eod.isoformat() == "2026-02-23T23:59:59+07:00"
    assert eod.utcoffset() == timedelta(hours=7)


def test_local_date_converts_and_refuses_naive() -> None:
    utc_evening = datetime(2026, 2, 13, 18, 0, tzinfo=VN_TZ) - timedelta(hours=7)
    assert local_date(utc_evening.astimezone(VN_TZ)) == date(2026, 2, 13)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 2, 13, 18, 0))  # noqa: DTZ001


dates = st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 6, 1))
counts = st.integers(min_value=0, max_value=60)


@given(dates, counts)
def test_result_is_working_day(start: date, n: int) -> None:
    result = CAL.add_working_days(start, n)
    assert n == 0 or CAL.is_working_day(result)


@given(dates, counts)
def test_strictly_increasing_in_n(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n + 1) > CAL.add_working_days(start, n)


@given(dates, counts)
def test_consistent_with_counting(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    if n > 0:
        assert CAL.subtract_working_days(end, n) <= start
        assert CAL.working_days_between(start, end - timedelta(days=1)) == n - 1
