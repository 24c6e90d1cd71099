"""Deadline policy (contract §6) and deadline arithmetic.

Defaults in working days: district/commune 20 (QĐ 638/QĐ-BNV 2025), province/ministry 30 and
40 for HCDL_* and AHLD (ND152 Art.35.3), central 20 (ND152 Art.35.2), government 10 and
president 10 (historic ND 39/2012, [U] today), resubmission after a return 10, public posting 10
(ND152 Art.44), reminder 3 before due. ``escalate_every`` = 5 working days is a tdkt choice (no
legal source): a weekly nudge up the chain once a stage is overdue; a round may ask for its
own interval, no shorter than ``min_escalate_every`` (1 working day). ``unit`` (20) is also a tdkt
choice; routes never stop at a unit.

The policy is plain data (strings, ints, timedeltas, mappings) so a workflow can carry it in
its input.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from fnmatch import fnmatchcase
from typing import Any

from domain.calendar import VN_TZ, WorkingCalendar, end_of_day, local_date
from domain.levels import Level
from domain.span import Span, SpanError, parse_span

__all__ = [
    "DeadlinePolicy",
    "PolicyError",
    "Span",
    "deadline_after",
    "next_escalation",
    "parse_policy_toml",
    "parse_span",
    "reminder_at",
]


class PolicyError(ValueError):
    """A deadline policy is malformed; ``key`` names the offending setting."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


def _wd(n: int) -> Span:
    return Span(working_days=n)


def _default_review() -> Mapping[str, Span]:
    return {
        Level.unit.value: _wd(20),
        Level.commune.value: _wd(20),
        Level.district.value: _wd(20),
        Level.department.value: _wd(20),
        Level.province.value: _wd(30),
        Level.ministry.value: _wd(30),
        Level.central.value: _wd(20),
        Level.government.value: _wd(10),
        Level.president.value: _wd(10),
    }


def _default_simplified() -> Mapping[str, Span]:
    """Shorter limits of the simplified procedure (Law Art.85): 5 wd at central (QĐ 311/QĐ-BNV
    2025, ad-hoc Bằng khen TTg); the other figures are tdkt choices, half the regular ones."""
    local = {lvl.value: _wd(5) for lvl in (Level.unit, Level.commune, Level.district)}
    return {
        **local,
        Level.department.value: _wd(5),
        Level.province.value: _wd(10),
        Level.ministry.value: _wd(10),
        Level.central.value: _wd(5),
        Level.government.value: _wd(5),
        Level.president.value: _wd(5),
    }


def _default_by_award() -> Mapping[str, Mapping[str, Span]]:
    forty = {"HCDL_*": _wd(40), "AHLD": _wd(40)}
    return {Level.province.value: forty, Level.ministry.value: dict(forty)}


@dataclass(frozen=True)
class DeadlinePolicy:
    """Review time per level, award-specific exceptions and the follow-up spans.

    ``review_by_award`` maps a level to {award code or fnmatch pattern: span}; the first
    matching pattern wins over ``review`` for that level.
    """

    review: Mapping[str, Span] = field(default_factory=_default_review)
    review_by_award: Mapping[str, Mapping[str, Span]] = field(default_factory=_default_by_award)
    review_simplified: Mapping[str, Span] = field(default_factory=_default_simplified)
    resubmit: Span = field(default_factory=lambda: _wd(10))
    public_posting: Span = field(default_factory=lambda: _wd(10))
    reminder_before: Span = field(default_factory=lambda: _wd(3))
    escalate_every: Span = field(default_factory=lambda: _wd(5))
    # The shortest escalation interval a round may ask for (tdkt choice: one working day;
    # a demo or test policy lowers it to seconds).
    min_escalate_every: Span = field(default_factory=lambda: _wd(1))
    # Province switch (contract §13): refuse a submission whose required papers are missing.
    # Every province (``("*",)``) or the listed province org codes; none by default.
    enforce_documents: tuple[str, ...] = ()

    def documents_enforced(self, province_code: str | None) -> bool:
        return "*" in self.enforce_documents or (
            province_code is not None and province_code in self.enforce_documents
        )

    @classmethod
    def default(cls) -> DeadlinePolicy:
        """The defaults of contract §6."""
        return cls()

    def review_span(
        self, level: Level | str, award_code: str | None = None, *, simplified: bool = False
    ) -> Span:
        """Review time at ``level`` for ``award_code`` (simplified procedure: the shorter one)."""
        key = Level(level).value
        if simplified and key in self.review_simplified:
            return self.review_simplified[key]
        if award_code is not None:
            for pattern, span in self.review_by_award.get(key, {}).items():
                if fnmatchcase(award_code, pattern):
                    return span
        try:
            return self.review[key]
        except KeyError:
            raise PolicyError(f"review.{key}", "no review time configured") from None


_SPANS = (
    "resubmit",
    "public_posting",
    "reminder_before",
    "escalate_every",
    "min_escalate_every",
)
_LEVELS = frozenset(level.value for level in Level)


def _span(value: Any, key: str) -> Span:
    try:
        return parse_span(value)
    except SpanError as exc:
        raise PolicyError(key, str(exc)) from None


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PolicyError(key, "expected a table")
    return value


def parse_policy_toml(text: str, base: DeadlinePolicy | None = None) -> DeadlinePolicy:
    """Apply a ``TDKT_SLA_POLICY`` TOML document over ``base`` (default: contract §6).

    ``[review]`` and ``[review_simplified]`` take level keys; ``[review_by_award.<level>]``
    takes award codes or patterns.
    Setting ``[review].<level>`` drops the base's award exceptions for that level unless the
    document gives its own, so that ``province = "PT5S"`` really makes every province review
    last five seconds.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError("<toml>", str(exc)) from None
    policy = base or DeadlinePolicy.default()
    unknown = set(data) - {
        "review",
        "review_by_award",
        "review_simplified",
        "enforce_documents",
        *_SPANS,
    }
    if unknown:
        raise PolicyError(sorted(unknown)[0], "unknown setting")
    review = dict(policy.review)
    by_award = {level: dict(table) for level, table in policy.review_by_award.items()}
    for level, value in _table(data.get("review", {}), "review").items():
        if level not in _LEVELS:
            raise PolicyError(f"review.{level}", "unknown level")
        review[level] = _span(value, f"review.{level}")
        by_award.pop(level, None)
    for level, table in _table(data.get("review_by_award", {}), "review_by_award").items():
        if level not in _LEVELS:
            raise PolicyError(f"review_by_award.{level}", "unknown level")
        by_award[level] = {
            code: _span(value, f"review_by_award.{level}.{code}")
            for code, value in _table(table, f"review_by_award.{level}").items()
        }
    simplified = dict(policy.review_simplified)
    for level, value in _table(data.get("review_simplified", {}), "review_simplified").items():
        if level not in _LEVELS:
            raise PolicyError(f"review_simplified.{level}", "unknown level")
        simplified[level] = _span(value, f"review_simplified.{level}")
    spans = {key: _span(data[key], key) for key in _SPANS if key in data}
    for key in ("escalate_every", "min_escalate_every"):
        if key in spans and spans[key] in (Span(working_days=0), Span(duration=timedelta(0))):
            raise PolicyError(key, "must be longer than zero (escalations repeat)")
    enforce = policy.enforce_documents
    if "enforce_documents" in data:
        enforce = _provinces(data["enforce_documents"], "enforce_documents")
    return replace(
        policy,
        review=review,
        review_by_award=by_award,
        review_simplified=simplified,
        enforce_documents=enforce,
        **spans,
    )


def _provinces(value: Any, key: str) -> tuple[str, ...]:
    """``true`` (every province), ``false`` (none) or a list of province org codes."""
    if isinstance(value, bool):
        return ("*",) if value else ()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise PolicyError(key, "expected true, false or a list of province codes")


def deadline_after(start: datetime, span: Span, calendar: WorkingCalendar) -> datetime:
    """Due time ``span`` after ``start``.

    Working days: 23:59:59 (UTC+7) of the N-th working day after ``start``'s local date (that
    day not counted). Duration: ``start + duration``.
    """
    if span.duration is not None:
        local_date(start)  # refuses naive datetimes
        return start + span.duration
    assert span.working_days is not None
    return end_of_day(calendar.add_working_days(local_date(start), span.working_days))


def reminder_at(
    start: datetime, due_at: datetime, span_before: Span, calendar: WorkingCalendar
) -> datetime:
    """When to remind: ``span_before`` ahead of ``due_at``, never before ``start``.

    Working days: the same time of day N working days before the due date, i.e. the moment
    exactly N working days remain.
    """
    if span_before.duration is not None:
        at = due_at - span_before.duration
    else:
        assert span_before.working_days is not None
        local_date(due_at)  # refuses naive datetimes
        due_local = due_at.astimezone(VN_TZ)
        day = calendar.subtract_working_days(due_local.date(), span_before.working_days)
        at = due_local.replace(year=day.year, month=day.month, day=day.day)
    return max(at, start)


def next_escalation(after: datetime, span: Span, calendar: WorkingCalendar) -> datetime:
    """The next escalation after ``after`` (the due time or the previous escalation)."""
    return deadline_after(after, span, calendar)
