"""The checks of a round's input: submission cut-offs and the escalation interval, refused
with a 422 in words naming the field (``submission_deadlines.unit``, ``escalate_every``)."""

from __future__ import annotations

from datetime import date, datetime

from api.errors import Invalid
from api.services.dossiers import deadline_policy
from api.state import AppState
from core.i18n import _, has
from domain.calendar import VN_TZ
from domain.levels import Level
from domain.round import RoundError, resolve_deadlines
from domain.round_bounds import BoundError, check_deadline, check_interval
from domain.span import Span, SpanError, parse_duration, parse_span


def _day(value: str) -> str:
    """``dd/mm/yyyy`` (Vietnam) of an ISO date or datetime."""
    if len(value) == 10:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return datetime.fromisoformat(value).astimezone(VN_TZ).strftime("%d/%m/%Y")


def _span_words(span: Span) -> str:
    if span.working_days is not None:
        return _("round.working_days", n=span.working_days)
    return str(span)


def _bound_message(exc: BoundError, text: str) -> str:
    """The words of a cut-off or an interval out of bounds."""
    values = dict(exc.values)
    for key in ("opened", "first", "last"):
        if key in values:
            values[key] = _day(values[key])
    if "min" in values:
        values["min"] = _span_words(parse_span(values["min"]))
    return _(f"round.bound.{exc.code}", text=text[:40], **values)


def _submitter_field(key: str, allowed: list[Level]) -> str:
    """``submission_deadlines.<key>``, refused unless ``key`` is a level that submits."""
    field = f"submission_deadlines.{key}"
    if key not in {level.value for level in allowed}:
        level = _(f"level.{key}").lower() if has(f"level.{key}") else key
        raise Invalid.field(field, _("round.no_submitter_level", level=level))
    return field


def check_deadlines(spec: dict[str, str], now: datetime, allowed: list[Level]) -> None:
    """Each cut-off a date or a duration within bounds (after the opening, within the
    horizon), each level one that submits: 422 in words, naming the level's field
    (``submission_deadlines.unit``)."""
    for key, text in spec.items():
        field = _submitter_field(key, allowed)
        try:
            check_deadline(text, now)
        except RoundError:
            raise Invalid.field(field, _("round.bad_deadline", text=text[:40])) from None
        except BoundError as exc:
            raise Invalid.field(field, _bound_message(exc, text)) from None
    try:
        resolve_deadlines(spec, now, allowed)
    except RoundError as exc:  # nothing left but the empty spec; the schema refuses it first
        raise Invalid.field(exc.field, _("round.deadline_needed")) from None


def escalation_span(text: str | None, state: AppState, field: str) -> Span:
    """The escalation interval asked for (the policy's own when none): positive, at least the
    policy's ``min_escalate_every``, at most a working year."""
    policy = deadline_policy(state)
    if text is None:
        return policy.escalate_every
    try:
        span = parse_span(text)
    except (SpanError, OverflowError):
        raise Invalid.field(field, _("round.bad_span", text=str(text)[:40])) from None
    try:
        check_interval(span, policy.min_escalate_every)
    except BoundError as exc:
        raise Invalid.field(field, _bound_message(exc, text)) from None
    return span


def check_durations(spec: dict[str, str], now: datetime, levels: list[Level]) -> None:
    """A recurring round's cut-offs: each a duration after the opening, within bounds, for a
    level that submits."""
    for level, text in spec.items():
        field = _submitter_field(level, levels)
        try:
            parse_duration(text)
        except (SpanError, OverflowError):
            raise Invalid.field(field, _("round.needs_duration", text=text[:40])) from None
        try:
            check_deadline(text, now)
        except BoundError as exc:
            raise Invalid.field(field, _bound_message(exc, text)) from None
