"""The checks of a round's input: submission cut-offs and the escalation interval, refused
with a 422 in words naming the field (``submission_deadlines.unit``, ``escalate_every``).

A cut-off is keyed by a level of the round (:class:`Scope`): one present below the owner, or
the owner's own. A key that is no level, or a level absent from the round, is refused, each in
its own words; so is a forwarder's cut-off earlier than one set for a level below it. A cut-off
of a level that forwards nothing (the owner's, or one deciding every award itself) is kept:
the levels below it without one of their own inherit it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from api.errors import Invalid
from api.field_labels import named
from api.services.dossiers import deadline_policy
from api.state import AppState
from core.i18n import _
from domain.calendar import VN_TZ
from domain.levels import Level
from domain.round import RoundError, resolve_deadlines
from domain.round_bounds import BoundError, check_deadline, check_interval
from domain.round_roles import misordered
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


@dataclass(frozen=True)
class Scope:
    """What a round's cut-offs may name (``allowed``: the levels present below the owner and
    the owner's) and who sends in it (``sending``: units, forwarders)."""

    allowed: list[Level]
    sending: list[Level]


def _level(level: Level) -> str:
    """A level in running text ("cấp huyện", "đơn vị")."""
    return _(f"round.level.{level.value}").lower()


def _submitter_field(key: str, scope: Scope) -> str:
    """``submission_deadlines.<key>``, refused unless ``key`` is a level of the round."""
    field = f"submission_deadlines.{key}"
    if key in {level.value for level in scope.allowed}:
        return field
    if key not in {level.value for level in Level}:
        levels = ", ".join(_level(level) for level in scope.allowed)  # the owner's at least
        label, shown = _("field.submission_deadlines"), key[:40]
        words = _("round.not_a_level", field=label, key=shown, levels=levels)
        raise Invalid.field(field, named(words))
    raise Invalid.field(field, _("round.no_submitter_level", level=_level(Level(key))))


def _cutoff_words(text: str) -> str:
    """A cut-off as typed, a date in the Vietnamese way (``10/12/2026``)."""
    value = text.strip()
    return _day(value) if len(value) == 10 and value[4] == "-" else value


def check_order(spec: dict[str, str], now: datetime, scope: Scope) -> None:
    """No forwarder's cut-off earlier than one set for a level below it: 422 naming the
    forwarder's key, in words."""
    deadlines = resolve_deadlines(spec, now, scope.allowed)
    forwarders = [level for level in scope.sending if level is not Level.unit]
    found = misordered(deadlines, forwarders)
    if found is None:
        return
    upper, lower = found
    words = _(
        "round.cutoff_not_after",
        level=_level(upper),
        due=_cutoff_words(spec[upper.value])[:40],
        below=_level(lower),
        below_due=_cutoff_words(spec[lower.value])[:40],
    )
    raise Invalid.field(f"submission_deadlines.{upper.value}", words)


def check_deadlines(spec: dict[str, str], now: datetime, scope: Scope) -> None:
    """Each cut-off a date or a duration within bounds (after the opening, within the
    horizon), each level one of the round, no forwarder's earlier than a level below: 422 in
    words, naming the level's field (``submission_deadlines.unit``)."""
    for key, text in spec.items():
        field = _submitter_field(key, scope)
        try:
            check_deadline(text, now)
        except RoundError:
            raise Invalid.field(field, _("round.bad_deadline", text=text[:40])) from None
        except BoundError as exc:
            raise Invalid.field(field, _bound_message(exc, text)) from None
    try:
        resolve_deadlines(spec, now, scope.allowed)
    except RoundError as exc:  # nothing left but the empty spec; the schema refuses it first
        raise Invalid.field(exc.field, _("round.deadline_needed")) from None
    check_order(spec, now, scope)


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


def check_durations(spec: dict[str, str], now: datetime, scope: Scope) -> None:
    """A recurring round's cut-offs: each a duration after the opening, within bounds, for a
    level of the round, no forwarder's earlier than a level below."""
    for level, text in spec.items():
        field = _submitter_field(level, scope)
        try:
            parse_duration(text)
        except (SpanError, OverflowError):
            raise Invalid.field(field, _("round.needs_duration", text=text[:40])) from None
        try:
            check_deadline(text, now)
        except BoundError as exc:
            raise Invalid.field(field, _bound_message(exc, text)) from None
    if spec:
        check_order(spec, now, scope)
