"""Deadline policy (contract §6) and deadline arithmetic."""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.calendar import VN_TZ, WorkingCalendar
from domain.policy import (
    DeadlinePolicy,
    PolicyError,
    Span,
    deadline_after,
    next_escalation,
    parse_policy_toml,
    parse_span,
    reminder_at,
)
from domain.span import SpanError

TET = WorkingCalendar({date(2026, 2, d): "Tết Nguyên Đán" for d in range(16, 21)})


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("20wd", Span(working_days=20)),
        ("PT5S", Span(duration=timedelta(seconds=5))),
        ("P1DT2H", Span(duration=timedelta(days=1, hours=2))),
        ("P2W", Span(duration=timedelta(weeks=2))),
        ("PT1M30S", Span(duration=timedelta(seconds=90))),
    ],
)
def test_parse_span(text: str, span: Span) -> None:
    assert parse_span(text) == span
    assert parse_span(str(span)) == span


@pytest.mark.parametrize("text", ["P", "PT", "P1Y", "P1M", "20", "-3wd", "P1DT", ""])
def test_parse_span_rejects(text: str) -> None:
    with pytest.raises(SpanError):
        parse_span(text)


def test_span_needs_exactly_one_field() -> None:
    with pytest.raises(SpanError):
        Span()
    with pytest.raises(SpanError):
        Span(working_days=1, duration=timedelta(1))


@pytest.mark.parametrize(
    ("level", "award", "days"),
    [
        ("commune", "LDTT", 20), ("district", None, 20), ("province", "BK_TTG", 30),
        ("province", "HCDL_1", 40), ("province", "AHLD", 40), ("ministry", "HCDL_3", 40),
        ("central", "AHLD", 20), ("government", None, 10), ("president", "HCLD_3", 10),
    ],
)  # fmt: skip
def test_default_review(level: str, award: str | None, days: int) -> None:
    assert DeadlinePolicy.default().review_span(level, award) == Span(working_days=days)


def test_default_follow_up_spans() -> None:
    policy = DeadlinePolicy.default()
    assert policy.resubmit == Span(working_days=10)
    assert policy.public_posting == Span(working_days=10)
    assert policy.reminder_before == Span(working_days=3)
    assert policy.escalate_every == Span(working_days=5)


def test_toml_override() -> None:
    policy = parse_policy_toml(
        'resubmit = "PT5S"\nescalate_every = "PT2S"\n[review]\nprovince = "PT10S"\n'
        '[review_by_award.central]\n"AHLD" = "3wd"\n'
    )
    assert policy.review_span("province", "AHLD") == Span(duration=timedelta(seconds=10))
    assert policy.review_span("central", "AHLD") == Span(working_days=3)
    assert policy.review_span("central", "BK_TTG") == Span(working_days=20)
    assert policy.resubmit == Span(duration=timedelta(seconds=5))
    assert policy.reminder_before == Span(working_days=3)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('foo = "1wd"', "foo"),
        ('[review]\ncounty = "1wd"', "review.county"),
        ('[review]\nprovince = "soon"', "review.province"),
        ("resubmit = 5", "resubmit"),
        ('review = "x"', "review"),
        ('[review_by_award.moon]\nAHLD = "1wd"', "review_by_award.moon"),
        ("x = [", "<toml>"),
    ],
)
def test_toml_errors_name_the_key(text: str, key: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy_toml(text)
    assert info.value.key == key


def test_missing_level_in_review() -> None:
    policy = DeadlinePolicy(review={})
    with pytest.raises(PolicyError, match=r"review\.province"):
        policy.review_span("province")


def test_deadline_working_days_across_tet() -> None:
    arrived = datetime(2026, 2, 13, 16, 30, tzinfo=VN_TZ)
    due = deadline_after(arrived, Span(working_days=1), TET)
    assert due == datetime(2026, 2, 23, 23, 59, 59, tzinfo=VN_TZ)
    # 18:00 UTC on 12/02 is already 13/02 in Vietnam.
    utc = datetime(2026, 2, 12, 18, 0, tzinfo=UTC)
    assert deadline_after(utc, Span(working_days=0), TET).date() == date(2026, 2, 13)


def test_deadline_duration_and_naive_refused() -> None:
    start = datetime(2026, 2, 13, 16, 30, tzinfo=VN_TZ)
    assert deadline_after(start, parse_span("PT5S"), TET) == start + timedelta(seconds=5)
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_after(datetime(2026, 2, 13), parse_span("PT5S"), TET)  # noqa: DTZ001


def test_reminder_and_escalation() -> None:
    start = datetime(2026, 2, 10, 9, tzinfo=VN_TZ)
    due = deadline_after(start, Span(working_days=5), TET)
    assert due == datetime(2026, 2, 24, 23, 59, 59, tzinfo=VN_TZ)
    assert reminder_at(start, due, Span(working_days=3), TET) == datetime(
        2026, 2, 12, 23, 59, 59, tzinfo=VN_TZ
    )
    assert reminder_at(start, due, Span(working_days=10), TET) == start  # never before start
    assert reminder_at(start, due, Span(duration=timedelta(hours=1)), TET) == due - timedelta(
        hours=1
    )
    assert next_escalation(due, Span(working_days=5), TET) == datetime(
        2026, 3, 3, 23, 59, 59, tzinfo=VN_TZ
    )
