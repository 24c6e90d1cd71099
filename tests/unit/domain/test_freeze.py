"""ND152 Art.4.4 at approval (domain.freeze): who an approval on a given day may not award."""

from __future__ import annotations

from datetime import date

import pytest

from domain.freeze import NomineeFreeze, RecordedFreeze, approval_days, approval_freezes
from domain.registry import FreezePeriod, Person

ORGS = {"DV1", "DV2"}
ON = date(2026, 6, 15)
CCCD = "001090000123"
AN = Person.of("Nguyễn Văn An", "DV1", date(1990, 5, 1), None)
BINH = Person.of("Trần Thị Bình", "DV1", date(1988, 2, 2), CCCD)
DISCIPLINE = FreezePeriod("discipline", date(2026, 3, 1), date(2026, 12, 31))


def _on_an(period: FreezePeriod) -> list[RecordedFreeze]:
    return [RecordedFreeze(Person.of("NGUYỄN  VĂN AN", "DV1", date(1990, 5, 1), None), period)]


@pytest.mark.parametrize(
    ("period", "frozen"),
    [
        (DISCIPLINE, True),  # inside the period
        (FreezePeriod("discipline", ON, date(2026, 12, 31)), True),  # its first day counts
        (FreezePeriod("discipline", date(2026, 1, 1), ON), True),  # and its last day
        (FreezePeriod("discipline", date(2026, 6, 16), date(2026, 12, 31)), False),  # not begun
        (FreezePeriod("discipline", date(2025, 1, 1), date(2026, 6, 14)), False),  # ended before
        (FreezePeriod("investigation", date(2026, 1, 1), None), True),  # open-ended
        (FreezePeriod("investigation", date(2026, 6, 16), None), False),  # open, not begun
    ],
)
def test_frozen_only_within_the_period(period: FreezePeriod, frozen: bool) -> None:
    found = approval_freezes([AN], _on_an(period), ORGS, ON)
    assert found == ([NomineeFreeze(0, period)] if frozen else [])


def test_matched_by_identity_number_whatever_the_name_or_org() -> None:
    record = RecordedFreeze(Person.of("Trần Bình", "XA_KHAC", None, CCCD), DISCIPLINE)
    assert approval_freezes([AN, BINH], [record], ORGS, ON) == [NomineeFreeze(1, DISCIPLINE)]


def test_another_identity_number_is_another_person() -> None:
    record = RecordedFreeze(Person.of("Trần Thị Bình", "DV1", None, "001090000999"), DISCIPLINE)
    assert approval_freezes([BINH], [record], ORGS, ON) == []


def test_without_identity_number_name_birth_date_and_org_match() -> None:
    other_birth = RecordedFreeze(
        Person.of("Nguyễn Văn An", "DV1", date(1991, 5, 1), None), DISCIPLINE
    )
    other_org = RecordedFreeze(
        Person.of("Nguyễn Văn An", "NGOAI", date(1990, 5, 1), None), DISCIPLINE
    )
    assert approval_freezes([AN], [other_birth, other_org], ORGS, ON) == []
    no_birth = RecordedFreeze(Person.of("nguyễn văn an", "DV2", None, None), DISCIPLINE)
    assert approval_freezes([AN], [no_birth], ORGS, ON) == [NomineeFreeze(0, DISCIPLINE)]


def test_only_the_nominees_being_approved_count() -> None:
    records = _on_an(DISCIPLINE)
    assert approval_freezes([BINH, AN], records, ORGS, ON, approving={0}) == []
    assert approval_freezes([BINH, AN], records, ORGS, ON, approving={1}) == [
        NomineeFreeze(1, DISCIPLINE)
    ]


def test_the_earliest_covering_period_is_named_once() -> None:
    later = FreezePeriod("investigation", date(2026, 5, 1), None)
    ended = FreezePeriod("disciplinary_review", date(2025, 1, 1), date(2025, 2, 1))
    records = _on_an(later) + _on_an(ended) + _on_an(DISCIPLINE)
    assert approval_freezes([AN], records, ORGS, ON) == [NomineeFreeze(0, DISCIPLINE)]


def test_an_approval_is_checked_today_and_on_a_backdated_decision_date() -> None:
    today = date(2026, 12, 7)
    assert approval_days(None, today) == (today,)
    assert approval_days(today, today) == (today,)
    assert approval_days(date(2026, 11, 20), today) == (date(2026, 11, 20), today)
