"""Sane bounds of a round's cut-offs and of its escalation interval (contract §9, extended).

A cut-off lies after the opening (a date in the past would fire every missed escalation at
once) and within :data:`HORIZON` of it; a date lies in the calendar tdkt computes over
(1900–2199). The escalation interval is positive, no shorter than the installation's floor
(policy ``min_escalate_every``, default one working day: an officer expects at most one
"báo cáo cấp trên" a working day, not one a second) and no longer than a working year.

Working days are compared with durations as whole days (N working days last at least N days).
The checks are for new input only: the workflow keeps resolving what it was started with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.round import RoundError, resolve_deadline
from domain.span import Span, SpanError, parse_duration

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
HORIZON = timedelta(days=731)  # two years: a year's round plus the following year's summary
MAX_WORKING_DAYS = 250  # about one working year
MAX_DURATION = timedelta(days=366)
# The workflow's own floor between two escalations, whatever interval it was given.
MIN_GAP = timedelta(hours=1)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class BoundError(ValueError):
    """A value outside its bounds; ``code`` and ``values`` word it."""

    code: str
    values: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.values}"


def check_deadline(text: str, opened_at: datetime) -> datetime:
    """The cut-off of ``text`` opened at ``opened_at``, or :class:`BoundError`
    (``RoundError`` when it is neither a date nor a duration)."""
    value = text.strip()
    if _DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None  # resolve_deadline words it
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise BoundError(
                "out_of_range", {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            )
    else:
        try:
            if parse_duration(value) <= timedelta(0):
                raise BoundError("not_positive")
        except (SpanError, OverflowError):
            pass  # resolve_deadline words it
    due = resolve_deadline(value, opened_at)
    if due <= opened_at:
        raise BoundError("past", {"opened": opened_at.isoformat()})
    if due > opened_at + HORIZON:
        raise BoundError(
            "too_far", {"days": str(HORIZON.days), "last": (opened_at + HORIZON).isoformat()}
        )
    return due


def least_days(span: Span) -> timedelta:
    """The shortest time ``span`` can last: N working days last at least N days."""
    if span.working_days is not None:
        return timedelta(days=span.working_days)
    assert span.duration is not None
    return span.duration


def check_interval(span: Span, floor: Span) -> None:
    """``span`` as an escalation interval: positive, at least ``floor``, at most a working
    year; otherwise :class:`BoundError`."""
    too_long = (
        span.working_days > MAX_WORKING_DAYS
        if span.working_days is not None
        else least_days(span) > MAX_DURATION
    )
    if too_long:  # first: a huge number of working days is no timedelta
        raise BoundError(
            "too_long", {"max_wd": str(MAX_WORKING_DAYS), "max_days": str(MAX_DURATION.days)}
        )
    if least_days(span) <= timedelta(0):
        raise BoundError("not_positive")
    if least_days(span) < least_days(floor):
        raise BoundError("too_short", {"min": str(floor)})


def after_gap(at: datetime, due: datetime) -> datetime:
    """``due``, or :data:`MIN_GAP` after ``at`` when ``due`` is not later than that (a zero
    interval must not become a loop without a timer)."""
    return due if due > at else at + MIN_GAP


__all__ = [
    "HORIZON",
    "MIN_GAP",
    "BoundError",
    "RoundError",
    "after_gap",
    "check_deadline",
    "check_interval",
    "least_days",
]
