"""Bounds of a round's input (pure): cut-offs after the opening and within two years, dates in
the 1900–2199 calendar, positive durations; escalation intervals between the policy's floor
(one working day by default) and a working year; the workflow's own minimum gap."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.calendar import VN_TZ, end_of_day
from domain.policy import DeadlinePolicy, PolicyError, parse_policy_toml
from domain.round import RoundError
from domain.round_bounds import (
    HORIZON,
    MIN_GAP,
    BoundError,
    after_gap,
    check_deadline,
    check_interval,
)
from domain.span import Span, parse_span

OPEN = datetime(2026, 11, 2, 8, 0, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2020-01-01", "past"),
        ("2026-11-01", "past"),
        ("P0D", "not_positive"),
        ("PT0S", "not_positive"),
        ("2200-01-01", "out_of_range"),
        ("1899-12-31", "out_of_range"),
        ("P36500D", "too_far"),
        ("2029-01-01", "too_far"),
    ],
)
def test_cut_offs_out_of_bounds(text: str, code: str) -> None:
    with pytest.raises(BoundError) as caught:
        check_deadline(text, OPEN)
    assert caught.value.code == code


@pytest.mark.parametrize("text", ["2026-13-45", "P1M", "mười ngày"])
def test_malformed_cut_offs_stay_round_errors(text: str) -> None:
    with pytest.raises(RoundError):
        check_deadline(text, OPEN)


def test_cut_offs_within_bounds() -> None:
    assert check_deadline("PT4S", OPEN) == OPEN + timedelta(seconds=4)
    assert check_deadline(" 2026-11-02 ", OPEN) == end_of_day(OPEN.date())
    assert check_deadline("2027-01-15", OPEN) == end_of_day(date(2027, 1, 15))
    assert check_deadline(f"P{HORIZON.days}D", OPEN) == OPEN + HORIZON


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PT0S", "not_positive"),
        ("0wd", "not_positive"),
        ("P0D", "not_positive"),
        ("PT1S", "too_short"),
        ("PT23H59M", "too_short"),
        ("251wd", "too_long"),
        ("P367D", "too_long"),
        ("99999999999wd", "too_long"),
    ],
)
def test_intervals_out_of_bounds_with_the_default_floor(text: str, code: str) -> None:
    with pytest.raises(BoundError) as caught:
        check_interval(parse_span(text), DeadlinePolicy.default().min_escalate_every)
    assert caught.value.code == code


@pytest.mark.parametrize("text", ["1wd", "5wd", "250wd", "P1D", "PT24H", "P366D"])
def test_intervals_within_bounds(text: str) -> None:
    check_interval(parse_span(text), Span(working_days=1))


def test_a_policy_may_lower_the_floor_but_not_to_zero() -> None:
    policy = parse_policy_toml('min_escalate_every = "PT2S"\n')
    check_interval(parse_span("PT3S"), policy.min_escalate_every)
    with pytest.raises(BoundError):
        check_interval(parse_span("PT1S"), policy.min_escalate_every)
    for key in ("min_escalate_every", "escalate_every"):
        for zero in ("PT0S", "0wd"):
            with pytest.raises(PolicyError) as caught:
                parse_policy_toml(f'{key} = "{zero}"\n')
            assert caught.value.key == key


def test_after_gap_never_returns_a_time_already_due() -> None:
    assert after_gap(OPEN, OPEN) == OPEN + MIN_GAP
    assert after_gap(OPEN, OPEN - timedelta(days=3)) == OPEN + MIN_GAP
    assert after_gap(OPEN, OPEN + timedelta(seconds=3)) == OPEN + timedelta(seconds=3)
