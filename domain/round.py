"""Rounds (đợt xét khen thưởng) and their submission deadlines (contract §9).

A round is opened by an owner org (a province, a district, …) for some awards. Every unit
below the owner is an expected submitter; an org between them is an expected forwarder when
some award of the round is decided above it (``domain.round_roles``). The owner receives the
round's dossiers: it is never a forwarder of its own round. ``submission_deadlines`` maps the
level **that must send** to a cut-off: ``"unit"`` = units to their district/commune,
``"district"``/``"commune"``/``"department"`` = those levels up to the owner. A level without
its own key inherits the nearest configured level above it (a unit that has sent nothing by
the district's cut-off is late too); a key of a level that forwards nothing (the owner's, or
one deciding every award itself) serves only so. A forwarder's own cut-off may not be earlier
than a cut-off set for a level below it. A cut-off is a date (23:59:59 UTC+7 of that day) or
an ISO-8601 duration counted from the opening, so demos and tests can run in seconds.

Pure rules only: the workflow carries :class:`RoundState` and changes it through the functions
below, which return the new state plus the :class:`RoundEvent` list to record. The roles and
the cut-off each level answers to are in ``domain.round_roles``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from domain.calendar import end_of_day, local_date
from domain.levels import Level, rank
from domain.round_roles import Role, forwards, is_late
from domain.round_roles import deadline_for as deadline_for
from domain.round_roles import deadline_key as deadline_key
from domain.routes import OrgNode
from domain.span import SpanError, parse_duration


class RoundError(ValueError):
    """Invalid round data; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RoundStatus(StrEnum):
    open = "open"
    closed = "closed"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def resolve_deadline(text: str, opened_at: datetime) -> datetime:
    """``YYYY-MM-DD`` → 23:59:59 UTC+7 of that day; otherwise ``opened_at`` + ISO duration."""
    value = text.strip()
    if _DATE.fullmatch(value):
        try:
            return end_of_day(date.fromisoformat(value))
        except ValueError as exc:
            raise RoundError("submission_deadlines", f"{value}: {exc}") from None
    try:
        local_date(opened_at)  # refuses naive datetimes
        return opened_at + parse_duration(value)
    except (SpanError, OverflowError) as exc:
        raise RoundError("submission_deadlines", f"{value}: {exc}") from None


def submitting_levels(owner: OrgNode, subtree: Iterable[OrgNode]) -> list[Level]:
    """Levels that may carry a cut-off: those present below the owner, plus the owner's. Who
    forwards is another question (:func:`expected_submitters`): a cut-off of a level that
    forwards nothing (the owner's, or one deciding every award of the round itself) only
    serves the levels below it that have none of their own."""
    found = {node.level for node in subtree if node.code != owner.code}
    found = {lvl for lvl in found if rank(lvl) < rank(owner.level)} | {owner.level}
    # levels of one rank (district, department) in the enum's order: a set's order changes
    # from one process to the next (string hashing), the answer must not
    return sorted((lvl for lvl in Level if lvl in found), key=rank)


def resolve_deadlines(
    spec: Mapping[str, str], opened_at: datetime, allowed: Collection[Level]
) -> dict[str, datetime]:
    """Validate the keys against ``allowed`` and resolve every cut-off."""
    if not spec:
        raise RoundError("submission_deadlines", "at least one level needs a cut-off")
    names = {level.value for level in allowed}
    resolved: dict[str, datetime] = {}
    for key, text in spec.items():
        if key not in names:
            raise RoundError(
                f"submission_deadlines.{key}",
                f"{key[:40]!r} takes no cut-off in this round (allowed: {sorted(names)})",
            )
        resolved[key] = resolve_deadline(text, opened_at)
    return resolved


@dataclass(frozen=True)
class Submitter:
    """One expected unit (``submitter``) or intermediate level (``forwarder``)."""

    org_code: str
    level: Level
    parent_code: str | None
    role: Role
    done_at: datetime | None = None  # first submission / forwarding
    late: bool = False  # the first one came after the cut-off
    dossier_ids: tuple[str, ...] = ()
    escalation_level: int = 0

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def is_late(self) -> bool:
        """Sent late, or still nothing sent after at least one escalation."""
        return self.late or (not self.done and self.escalation_level > 0)


def expected_submitters(
    owner: OrgNode,
    subtree: Sequence[OrgNode],
    deadline_levels: Collection[str],
    decided_rank: int | None = None,
) -> tuple[Submitter, ...]:
    """Units below ``owner`` submit; the orgs between forward when an award of the round is
    decided above them (``round_roles.forwards``); the owner never. Without ``decided_rank``
    (a round opened before 2026-12) every level between forwards, and the owner too when its
    own level has a cut-off. Sorted by level (units first) then code."""
    found: list[Submitter] = []
    for node in subtree:
        if node.code == owner.code:
            continue
        if node.level is Level.unit:
            found.append(Submitter(node.code, node.level, node.parent_code, Role.submitter))
        elif (
            rank(node.level) < rank(owner.level)
            if decided_rank is None
            else forwards(node.level, owner.level, decided_rank)
        ):
            found.append(Submitter(node.code, node.level, node.parent_code, Role.forwarder))
    if decided_rank is None and owner.level.value in deadline_levels:
        found.append(Submitter(owner.code, owner.level, owner.parent_code, Role.forwarder))
    return tuple(sorted(found, key=lambda s: (rank(s.level), s.org_code)))


@dataclass(frozen=True)
class RoundEvent:
    """Something the round records (``round_events``); ``key`` makes recording idempotent."""

    key: str
    at: datetime
    kind: str  # opened|submitted|submitted_late|forwarded|forwarded_late|late_taken|...
    org_code: str | None = None
    dossier_id: str | None = None
    escalation_level: int = 0
    parent_code: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class RoundState:
    code: str
    name: str
    year: int
    owner_org: str
    award_codes: tuple[str, ...]
    opened_at: datetime
    deadlines: dict[str, datetime]
    submitters: tuple[Submitter, ...]
    status: RoundStatus = RoundStatus.open
    closed_at: datetime | None = None
    timers: dict[str, datetime] = field(default_factory=dict)  # deadline key → next firing
    escalations: dict[str, int] = field(default_factory=dict)  # deadline key → times fired
    version: int = 0

    def find(self, org_code: str) -> Submitter | None:
        return next((s for s in self.submitters if s.org_code == org_code), None)


Result = tuple[RoundState, list[RoundEvent]]


def open_round(
    *,
    code: str,
    name: str,
    year: int,
    owner: OrgNode,
    award_codes: Sequence[str],
    opened_at: datetime,
    deadlines: Mapping[str, datetime],
    subtree: Sequence[OrgNode],
    decided_rank: int | None = None,
) -> Result:
    """The opening state: expected submitters known, one timer per configured cut-off."""
    state = RoundState(
        code=code,
        name=name,
        year=year,
        owner_org=owner.code,
        award_codes=tuple(award_codes),
        opened_at=opened_at,
        deadlines=dict(deadlines),
        submitters=expected_submitters(owner, subtree, deadlines.keys(), decided_rank),
        timers=dict(deadlines),
        version=1,
    )
    return state, [RoundEvent(f"{code}:opened", opened_at, "opened", owner.code)]


def _with(state: RoundState, updated: Submitter) -> tuple[Submitter, ...]:
    return tuple(updated if s.org_code == updated.org_code else s for s in state.submitters)


def _record(state: RoundState, org_code: str, dossier_id: str, at: datetime, role: Role) -> Result:
    who = state.find(org_code)
    if state.status is RoundStatus.closed or who is None or who.role is not role:
        return state, []
    if dossier_id in who.dossier_ids:
        return state, []  # a signal and the reconciliation both report it
    late = is_late(who.level, state.deadlines, at)
    first = not who.done
    updated = replace(
        who,
        done_at=who.done_at if who.done else at,
        late=who.late if who.done else late,
        dossier_ids=(*who.dossier_ids, dossier_id),
    )
    verb = "submitted" if role is Role.submitter else "forwarded"
    kind = f"{verb}_late" if late else verb
    event = RoundEvent(
        f"{state.code}:{kind}:{org_code}:{dossier_id}",
        at,
        kind,
        org_code,
        dossier_id,
        who.escalation_level,
        who.parent_code,
        "first" if first else "",
    )
    new = replace(state, submitters=_with(state, updated), version=state.version + 1)
    return new, [event]


def record_submission(state: RoundState, org_code: str, dossier_id: str, at: datetime) -> Result:
    """A unit submitted a dossier of this round (late when after its cut-off)."""
    return _record(state, org_code, dossier_id, at, Role.submitter)


def record_forwarding(state: RoundState, org_code: str, dossier_id: str, at: datetime) -> Result:
    """An intermediate level (or the owner) approved a round dossier upwards or decided it."""
    return _record(state, org_code, dossier_id, at, Role.forwarder)


def record_late_decision(
    state: RoundState, org_code: str, dossier_id: str, action: str, at: datetime
) -> Result:
    """The receiving chair took (approved) or refused (returned/rejected) a late dossier."""
    if state.status is RoundStatus.closed:
        return state, []
    kind = "late_taken" if action == "approve" else "late_refused"
    event = RoundEvent(f"{state.code}:{kind}:{dossier_id}", at, kind, org_code, dossier_id)
    return replace(state, version=state.version + 1), [event]


def next_timer(state: RoundState) -> tuple[str, datetime] | None:
    """The earliest pending cut-off or repeated escalation (None when closed or none left)."""
    if state.status is RoundStatus.closed or not state.timers:
        return None
    key = min(state.timers, key=lambda k: (state.timers[k], rank(Level(k))))
    return key, state.timers[key]


def pending_at(state: RoundState, key: str) -> list[Submitter]:
    """Expected submitters governed by cut-off ``key`` that have sent nothing yet."""
    return [
        s for s in state.submitters if not s.done and deadline_key(s.level, state.deadlines) == key
    ]


def escalate(state: RoundState, key: str, at: datetime, following: datetime) -> Result:
    """Cut-off ``key`` passed at ``at``: escalate everyone still pending under it.

    ``following`` is the next escalation time (``at`` + ``escalate_every``); the timer of
    ``key`` is dropped when nobody is pending any more.
    """
    if state.status is RoundStatus.closed or key not in state.timers:
        return state, []
    late = {s.org_code for s in pending_at(state, key)}
    timers = dict(state.timers)
    if not late:
        timers.pop(key)
        return replace(state, timers=timers, version=state.version + 1), []
    timers[key] = following
    submitters = tuple(
        replace(s, escalation_level=s.escalation_level + 1) if s.org_code in late else s
        for s in state.submitters
    )
    fired = state.escalations.get(key, 0) + 1
    events = [
        RoundEvent(
            f"{state.code}:escalated:{s.org_code}:{s.escalation_level}",
            at,
            "escalated",
            s.org_code,
            None,
            s.escalation_level,
            s.parent_code,
            f"Quá hạn gửi của cấp {key}: báo cáo cấp trên lần {s.escalation_level}",
        )
        for s in submitters
        if s.org_code in late
    ]
    new = replace(
        state,
        submitters=submitters,
        timers=timers,
        escalations={**state.escalations, key: fired},
        version=state.version + 1,
    )
    return new, events


def close_round(state: RoundState, actor: str, at: datetime, comment: str = "") -> Result:
    """Close the round: no more timers; later signals are ignored."""
    if state.status is RoundStatus.closed:
        raise RoundError("status", f"Đợt {state.code} đã kết thúc")
    new = replace(
        state, status=RoundStatus.closed, closed_at=at, timers={}, version=state.version + 1
    )
    event = RoundEvent(f"{state.code}:closed", at, "closed", None, None, 0, None, comment or actor)
    return new, [event]
