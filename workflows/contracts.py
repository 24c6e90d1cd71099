"""Messages of the DossierWorkflow: start input, update payloads, the status it reports.

Every message is one dataclass so fields with defaults can be added later without breaking
running workflows or clients. The pydantic data converter carries them (datetimes, dates,
enums, nested dataclasses).

Refusals: update validators raise ``temporalio.exceptions.ApplicationError(message,
{"field": <name or None>}, type=<one of the constants below>)``. The API maps them:
``REJECT_FORBIDDEN`` → 403, ``REJECT_CONFLICT`` → 409, ``REJECT_INVALID`` → 422. A refused
update leaves no trace in the workflow history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from domain.catalog import AwardRule
from domain.dossier_model import DossierState
from domain.eligibility_model import EligibilityResult
from domain.levels import Subject
from domain.policy import DeadlinePolicy
from domain.routes import Route

WORKFLOW_ID_PREFIX = "dossier-"
WORKFLOW_TYPE = "DossierWorkflow"  # engine v1: drained, kept registered for running dossiers
WORKFLOW_TYPE_V2 = "DossierWorkflowV2"  # every new dossier

# Update, query and signal names.
UPDATE_OPEN = "open"  # v2: answers once the submission is committed (update-with-start)
UPDATE_DECIDE = "decide"
UPDATE_RESUBMIT = "resubmit"
UPDATE_WITHDRAW = "withdraw"
UPDATE_EXTEND = "extend_deadline"
UPDATE_SUBMIT = "submit"  # a draft goes up its route (contract §13)
UPDATE_OBJECT = "object"  # a citizen's objection during public posting (§15)
UPDATE_RESOLVE = "resolve_objection"  # the posting org's chair resolves it
QUERY_STATUS = "get_status"
SIGNAL_CALENDAR_CHANGED = "calendar_changed"

# ApplicationError.type of refused updates (details[0] is {"field": str | None}).
REJECT_FORBIDDEN = "Forbidden"  # not the stage's org (or not the proposer) → 403
REJECT_CONFLICT = "Conflict"  # wrong status or phase (e.g. public posting) → 409
REJECT_INVALID = "Invalid"  # missing comment, failed/missing ballot, bad nominee_ids → 422


def workflow_id(dossier_id: str) -> str:
    """The workflow id of a dossier; start with ``id_reuse_policy=REJECT_DUPLICATE``."""
    return f"{WORKFLOW_ID_PREFIX}{dossier_id}"


@dataclass
class Origin:
    """Who sent a command, as what, from where: the audit-log entry (``audit_log``) that the
    command's transition commits in its own transaction (v2; engine v1 leaves it to the API)."""

    actor: str
    action: str  # e.g. "dossier.approve"
    ip: str = ""


@dataclass
class NomineeInput:
    id: str
    kind: Subject
    name: str
    title: str | None = None
    gender: str | None = None
    is_direct_worker: bool = False
    ethnic_minority: bool = False
    birth_date: date | None = None
    identity_number: str | None = None
    initiative_ids: list[int] = field(default_factory=list)
    eligibility: EligibilityResult | None = None


@dataclass
class DossierInput:
    dossier_id: str
    award: AwardRule
    proposer_org: str
    route: Route
    nominees: list[NomineeInput]
    policy: DeadlinePolicy
    summary: str
    submitted_by: str
    submitted_at: datetime  # the first stage's arrival time (its deadline counts from here)
    year: int | None = None
    round_code: str | None = None
    late: bool = False
    ballot_thresholds: dict[str, float] = field(default_factory=dict)
    award_type: str = "regular"  # Law Art.8 (domain.award_types.AwardType)
    simplified: bool = False  # simplified procedure (Law Art.85), only with ad_hoc
    carried: DossierState | None = None  # set by continue-as-new only
    # v2: the hash of the create request, so a retry with the same Idempotency-Key but another
    # body is refused (409) by the ``open`` update's validator.
    request_hash: str = ""
    continue_as_new_after: int = 5000  # history events; Temporal's own suggestion also counts
    draft: bool = False  # kept by the proposing unit until ``submit`` (contract §13)
    # v2: the creating request's audit-log entry (``dossier.create``), committed with the
    # opening transition; histories recorded before it have none (nothing else changes).
    origin: Origin | None = None


@dataclass
class OpenRequest:
    """v2 ``open`` update: sent with the start (update-with-start) and by every retry."""

    request_hash: str = ""


@dataclass
class VoteInput:
    members_total: int
    present: int
    in_favor: int


@dataclass
class DecideRequest:
    actor: str
    actor_org: str
    action: Literal["approve", "return", "reject"]
    comment: str = ""
    nominee_ids: list[str] | None = None
    vote: VoteInput | None = None
    decision_number: str | None = None
    decision_date: date | None = None
    origin: Origin | None = None  # set by the API


@dataclass
class ResubmitRequest:
    actor: str
    actor_org: str
    comment: str = ""
    summary: str | None = None
    nominees: list[NomineeInput] | None = None
    origin: Origin | None = None  # set by the API


@dataclass
class WithdrawRequest:
    actor: str
    actor_org: str
    comment: str = ""
    origin: Origin | None = None  # set by the API


@dataclass
class ExtendRequest:
    """A chair of the acting org (or of the org above) grants extra working days."""

    actor: str
    actor_org: str
    working_days: int
    comment: str
    origin: Origin | None = None  # set by the API


@dataclass
class SubmitRequest:
    """A draft is submitted along the route planned at this moment."""

    actor: str
    actor_org: str
    route: Route
    comment: str = ""
    summary: str | None = None
    nominees: list[NomineeInput] | None = None
    late: bool = False
    round_code: str | None = None  # None: the round it was drafted for (if any)
    origin: Origin | None = None  # set by the API


@dataclass
class ObjectionRequest:
    reference: str
    content: str
    contact: str | None = None
    client_addr: str = ""
    nominee_id: str | None = None


@dataclass
class ResolutionRequest:
    actor: str
    actor_org: str
    reference: str
    outcome: Literal["dismissed", "upheld"]
    comment: str
    origin: Origin | None = None  # set by the API


# The updates that carry a person's command on a dossier (each with its ``origin``).
CommandRequest = (
    DecideRequest
    | ResubmitRequest
    | WithdrawRequest
    | ExtendRequest
    | SubmitRequest
    | ResolutionRequest
)


@dataclass
class CalendarChanged:
    """Signal payload: admin overrides changed; running deadlines are recomputed."""

    note: str = ""


@dataclass
class StageView:
    level: str
    org_code: str
    arrived_at: datetime
    due_at: datetime | None
    overdue: bool
    escalation_level: int
    phase: Literal["review", "public_posting", "resubmission"]
    reminder_at: datetime | None = None
    seq: int = 0


@dataclass
class NomineeView:
    id: str
    name: str
    kind: str
    outcome: Literal["pending", "approved", "dropped"]
    title: str | None = None
    bonus_vnd: int | None = None
    birth_date: date | None = None
    identity_number: str | None = None
    eligibility: EligibilityResult | None = None


@dataclass
class BonusLine:
    nominee_id: str
    amount_vnd: int


@dataclass
class DecisionView:
    number: str
    date: date
    authority_org: str
    bonus: list[BonusLine]


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    level: str | None
    comment: str
    org_code: str | None = None
    seq: int = 0
    vote: VoteInput | None = None  # the council's ballot recorded with the decision
    working_days: int | None = None  # an extension: the working days granted
    due_at: datetime | None = None  # an extension: the deadline it led to


@dataclass
class DossierStatus:
    """Contract §7 ``GET /api/v1/dossiers/{id}`` plus ``version`` and a few extras."""

    id: str
    award_code: str
    proposer_org: str
    route: list[str]
    status: Literal["draft", "in_review", "returned", "decided", "rejected", "withdrawn", "expired"]
    round: int
    stage: StageView | None
    nominees: list[NomineeView]
    decision: DecisionView | None
    history: list[HistoryEntry]
    version: int  # bumps on every change; the projection row carries the same number
    summary: str = ""
    round_code: str | None = None
    late: bool = False
    year: int | None = None
    posting_ends_at: datetime | None = None  # set while the stage is in public posting
    route_orgs: list[str] = field(default_factory=list)
    award_type: str = "regular"
    simplified: bool = False
    open_objections: int = 0  # unresolved objections: approval waits for them (§15)
    # An update's answer: its transition committed the request's audit-log entry (v2). Engine
    # v1 never sets it, so the API writes the entry itself.
    audited: bool = False
