"""Messages of the RoundWorkflow and the DigestWorkflow, and the activities they run.

One dataclass per message, so fields with defaults can be added without breaking running
workflows. ``activities/round.py`` implements the activity names with these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.levels import Level
from domain.round import RoundEvent, RoundState, Submitter, deadline_for
from domain.routes import OrgNode
from domain.span import Span
from workflows.activity_contracts import Recipient
from workflows.contracts import Origin

ROUND_WORKFLOW_TYPE = "RoundWorkflow"
ROUND_ID_PREFIX = "round-"
SCHEDULED_ROUND_WORKFLOW_TYPE = "ScheduledRoundWorkflow"
DIGEST_WORKFLOW_TYPE = "DigestWorkflow"
DIGEST_SCHEDULE_ID = "tdkt-daily-digest"
ROUND_SCHEDULE_PREFIX = "round-schedule-"

# Signals (a round never refuses news), the close update, the query.
SIGNAL_SUBMISSION = "record_submission"
SIGNAL_FORWARDING = "record_forwarding"
SIGNAL_LATE_DECISION = "record_late_decision"
UPDATE_CLOSE = "close"
UPDATE_OPEN_ROUND = "open"  # answers once the opened round is committed (update-with-start)
ROUND_ONE_TRANSACTION = "2026-12-round-one-transaction"  # projection + notices, one activity
# A firing that finds its next escalation already due (a past cut-off, downtime, a zero
# interval) escalates once, now, and waits a real interval: missed escalations coalesce.
ROUND_COALESCE = "2026-12-round-coalesce-escalations"
QUERY_ROUND = "get_status"
REJECT_CLOSED = "Conflict"  # ApplicationError.type of a refused close → 409

# Activities.
LOAD_ROUND_TREE = "load_round_tree"
PROJECT_ROUND = "project_round"
COLLECT_ROUND_PROGRESS = "collect_round_progress"
NOTIFY_ROUND = "notify_round"
SEND_DAILY_DIGEST = "send_daily_digest"


def round_workflow_id(code: str) -> str:
    return f"{ROUND_ID_PREFIX}{code}"


@dataclass
class RoundInput:
    code: str
    name: str
    year: int
    owner_org: str
    award_codes: list[str]
    submission_deadlines: dict[str, str]  # level → "YYYY-MM-DD" | ISO-8601 duration
    escalate_every: Span
    created_by: str
    opened_at: datetime | None = None  # None: the workflow's start time
    carried: RoundState | None = None  # continue-as-new only
    continue_as_new_after: int = 5000
    request_hash: str = ""  # the create request (a retry with another body → 409)
    origin: Origin | None = None  # the opening's audit entry, committed with the opened round
    # The highest rank deciding an award of the round (the API reads it from the catalogue):
    # orgs below it forward, the owner never. None: a round started before 2026-12, which
    # keeps the rule it ran with (domain.round_roles).
    decided_rank: int | None = None


@dataclass
class OpenRoundRequest:
    request_hash: str = ""


@dataclass
class ScheduledRoundInput:
    """What a recurring round's schedule starts: the code is ``<prefix>-<local date>``."""

    code_prefix: str
    name: str
    owner_org: str
    award_codes: list[str]
    submission_deadlines: dict[str, str]  # ISO-8601 durations (dates would not recur)
    escalate_every: Span
    created_by: str
    task_queue: str
    decided_rank: int | None = None  # passed on to each round (RoundInput.decided_rank)


@dataclass
class RoundTree:
    owner: OrgNode
    nodes: list[OrgNode]


@dataclass
class DossierNews:
    """A round dossier was submitted (by a unit) or approved upwards/decided (by a level)."""

    dossier_id: str
    org_code: str
    at: datetime


@dataclass
class LateDecision:
    dossier_id: str
    org_code: str
    action: str  # approve | return | reject
    at: datetime


@dataclass
class CloseRequest:
    actor: str
    comment: str = ""
    origin: Origin | None = None  # the closing's audit entry, committed with the closed round


@dataclass
class RoundProjection:
    state: RoundState
    events: list[RoundEvent] = field(default_factory=list)
    created_by: str = "system"
    deadline_specs: dict[str, str] = field(default_factory=dict)
    notices: list[RoundNotice] = field(default_factory=list)  # queued in the same transaction
    # Audit entries of the people's commands this version carries (opening, closing): written
    # in the same transaction, only by the call that commits the version (a retry writes none).
    # The target of each entry is the round's code.
    audit: list[Origin] = field(default_factory=list)


@dataclass
class RoundProgress:
    """What the read model knows, to catch up with any signal the API could not send."""

    submissions: list[DossierNews] = field(default_factory=list)
    forwardings: list[DossierNews] = field(default_factory=list)


@dataclass
class RoundNotice:
    """One escalation: the late org's chair and the chair above get an outbox row each."""

    event_key: str
    round_code: str
    round_name: str
    org_code: str
    level: str
    escalation_level: int
    deadline: datetime | None
    recipients: list[Recipient]


@dataclass
class DigestInput:
    horizon_working_days: int = 3


@dataclass
class DigestRequest:
    at: datetime
    horizon_working_days: int = 3


@dataclass
class DigestResult:
    chairs: int
    rows: int


@dataclass
class SubmitterView:
    org_code: str
    level: str
    parent_code: str | None
    submitted: bool
    late: bool
    dossier_ids: list[str]
    escalation_level: int
    submitted_at: datetime | None
    deadline: datetime | None


@dataclass
class RoundView:
    """Contract §9 ``GET /api/v1/rounds/{code}`` plus the round's other facts."""

    code: str
    name: str
    year: int
    owner_org: str
    award_codes: list[str]
    status: str
    opened_at: datetime
    closed_at: datetime | None
    deadlines: dict[str, datetime]
    submitters: list[SubmitterView]
    forwarders: list[SubmitterView]
    version: int


def submitter_view(s: Submitter, deadlines: dict[str, datetime]) -> SubmitterView:
    return SubmitterView(
        org_code=s.org_code,
        level=s.level.value,
        parent_code=s.parent_code,
        submitted=s.done,
        late=s.is_late,
        dossier_ids=list(s.dossier_ids),
        escalation_level=s.escalation_level,
        submitted_at=s.done_at,
        deadline=deadline_for(Level(s.level), deadlines),
    )


def round_view(state: RoundState) -> RoundView:
    views = [(s.role.value, submitter_view(s, state.deadlines)) for s in state.submitters]
    return RoundView(
        code=state.code,
        name=state.name,
        year=state.year,
        owner_org=state.owner_org,
        award_codes=list(state.award_codes),
        status=state.status.value,
        opened_at=state.opened_at,
        closed_at=state.closed_at,
        deadlines=dict(state.deadlines),
        submitters=[v for role, v in views if role == "submitter"],
        forwarders=[v for role, v in views if role == "forwarder"],
        version=state.version,
    )
