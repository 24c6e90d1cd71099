"""Dossier state and errors: the data half of the state machine (``domain.dossier``).

Plain frozen dataclasses and StrEnums so that workflows, activities and the API share them and
the pydantic data converter can carry them (also across continue-as-new). The commands the
state machine applies are in ``domain.dossier_commands``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.ballot import Vote
from domain.catalog import AwardRule
from domain.eligibility_model import EligibilityResult
from domain.levels import Level, Subject
from domain.refusal import Values
from domain.routes import Route

SYSTEM = "system"
# Levels where a vote is demanded whenever the award (or the province) sets a threshold; at
# central only the national council votes (``AwardRule.central_council``); a grassroots
# council's vote is demanded where it decides (see ``domain.council.vote_demanded``).
BALLOT_LEVELS = frozenset({Level.province, Level.ministry, Level.central})
POSTING_LEVELS = frozenset({Level.province, Level.ministry})


class Status(StrEnum):
    draft = "draft"  # kept by the proposing unit, no route yet (contract §13)
    in_review = "in_review"
    returned = "returned"
    decided = "decided"
    rejected = "rejected"
    withdrawn = "withdrawn"
    expired = "expired"


FINAL = frozenset({Status.decided, Status.rejected, Status.withdrawn, Status.expired})


class Phase(StrEnum):
    review = "review"
    public_posting = "public_posting"
    resubmission = "resubmission"


class Outcome(StrEnum):
    pending = "pending"
    approved = "approved"
    dropped = "dropped"


class ErrorKind(StrEnum):
    forbidden = "Forbidden"
    conflict = "Conflict"
    invalid = "Invalid"


class DossierError(Exception):
    """A command not allowed now; ``kind`` maps to 403/409/422, ``field`` names the culprit,
    ``code`` and ``values`` say why for the API to word (:mod:`domain.refusal`)."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        field: str | None = None,
        *,
        code: str,
        values: Values | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.field = field
        self.code = code
        self.values: Values = dict(values or {})


@dataclass(frozen=True)
class Nominee:
    id: str
    kind: Subject
    name: str
    title: str | None = None
    gender: str | None = None
    is_direct_worker: bool = False
    ethnic_minority: bool = False
    outcome: Outcome = Outcome.pending
    bonus_vnd: int | None = None
    # contract §12: who the nominee is in the registry, what backs the title, and the
    # eligibility found at submission (shown to every chair who reviews the dossier)
    birth_date: date | None = None
    identity_number: str | None = None
    initiative_ids: tuple[int, ...] = ()
    eligibility: EligibilityResult | None = None


@dataclass(frozen=True)
class Stage:
    """One stay of the dossier at an org; ``index`` is the route stage (-1: back at proposer)."""

    seq: int
    index: int
    level: Level
    org_code: str
    phase: Phase
    arrived_at: datetime
    started_at: datetime  # start of the current phase: its deadline counts from here
    due_at: datetime | None = None
    reminder_at: datetime | None = None
    reminded: bool = False
    overdue: bool = False
    escalation_level: int = 0
    next_escalation_at: datetime | None = None
    extension_days: int = 0
    closed_at: datetime | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class BonusLine:
    nominee_id: str
    amount_vnd: int


@dataclass(frozen=True)
class Decision:
    number: str
    date: date
    authority_org: str
    bonus: tuple[BonusLine, ...]
    expired_basis: tuple[str, ...] = ()  # citations past their effective_to on the date
    # True until the issuing body's yearly sequence numbers it (engine v2 does so in the
    # decision's own transaction); the number is then ``<seq>/QĐ-<doc symbol>``.
    provisional_number: bool = False


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    actor: str
    action: str
    level: str | None
    org_code: str | None
    comment: str = ""
    vote: Vote | None = None  # the council's vote recorded with an approval
    # An extension (attributed, see ``Extend.attributed``): the working days granted and the
    # deadline they led to (set when the transition is settled, once the calendar counted it).
    working_days: int | None = None
    due_at: datetime | None = None
    # An approval or decision: the nominees it left out (not chosen), for the council's
    # minutes; None for other events and for approvals recorded before it was kept.
    dropped: tuple[str, ...] | None = None


class ObjectionStatus(StrEnum):
    open = "open"
    dismissed = "dismissed"
    upheld = "upheld"


@dataclass(frozen=True)
class Objection:
    """A citizen's objection to a nominee in public posting (contract §15), received by the
    posting org (``org_code``), whose chair records the resolution."""

    reference: str
    org_code: str
    received_at: datetime
    content: str
    contact: str | None = None
    client_addr: str = ""
    nominee_id: str | None = None
    status: ObjectionStatus = ObjectionStatus.open
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class DossierState:
    dossier_id: str
    award: AwardRule
    proposer_org: str
    route: Route
    summary: str
    submitted_by: str
    status: Status = Status.in_review
    round: int = 1
    nominees: tuple[Nominee, ...] = ()
    stages: tuple[Stage, ...] = ()  # every stage so far; the last one is open unless final
    decision: Decision | None = None
    history: tuple[Event, ...] = ()
    version: int = 0
    returned_from: int | None = None
    posted: bool = False
    ballot_thresholds: dict[str, float] = field(default_factory=dict)
    year: int | None = None
    round_code: str | None = None
    late: bool = False
    award_type: str = "regular"  # Law Art.8 (domain.award_types.AwardType)
    simplified: bool = False  # simplified procedure (Law Art.85), only with ad_hoc
    objections: tuple[Objection, ...] = ()

    @property
    def stage(self) -> Stage | None:
        if not self.stages or self.stages[-1].closed_at is not None:
            return None
        return self.stages[-1]

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def open_objections(self) -> tuple[Objection, ...]:
        return tuple(o for o in self.objections if o.status is ObjectionStatus.open)
