"""Names, inputs and call options of the activities the DossierWorkflow runs.

The workflow package may not import ``activities`` (import-linter), so the two sides meet here:
``activities/`` implements these names with these dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from temporalio.common import RetryPolicy

from domain.dossier_model import DossierState
from domain.span import Span

PROJECT_DOSSIER = "project_dossier"
COMPUTE_DEADLINE = "compute_deadline"
NOTIFY = "notify"
RECORD_AWARDS = "record_awards"

DB_TIMEOUT = timedelta(seconds=10)
MAIL_TIMEOUT = timedelta(seconds=30)

# Shared retry policy: quick first retry, capped at one minute between attempts, unlimited
# attempts (a DB outage must delay the dossier, never fail it). Permanent errors raise
# ApplicationError(non_retryable=True) in the activity itself.
DB_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)


@dataclass
class DeadlineRequest:
    """``due_at`` = ``start`` plus each span in turn; ``reminder_at`` = ``reminder_before``
    ahead of it. Working days follow the calendar with the admin overrides in PostgreSQL."""

    start: datetime
    spans: list[Span]
    reminder_before: Span | None = None


@dataclass
class DeadlineResult:
    due_at: datetime
    reminder_at: datetime | None = None


@dataclass
class ProjectionInput:
    workflow_id: str
    state: DossierState


@dataclass
class Recipient:
    org_code: str
    role: str = "chair"
    # the holders of ``role`` in the org ABOVE ``org_code`` in the tree (resolved when the
    # message is queued): the org up from a route's last stage, which the route does not name
    parent: bool = False


# the kinds of dossier event a notification is queued for (NotifyInput.kind): the e-mail has
# its own subject for each, the notification area its own title
DOSSIER_NOTICE_KINDS: tuple[str, ...] = (
    "arrived",
    "posting_ended",
    "reminder",
    "escalated",
    "extended",
    "returned",
    "rejected",
    "decided",
    "expired",
    "withdrawn",
    "objection",
)


@dataclass
class NotifyInput:
    """One notification event; the activity writes one outbox row per matching user."""

    event_key: str
    dossier_id: str
    kind: str  # arrived | reminder | escalated | returned | decided | rejected | expired | ...
    recipients: list[Recipient]
    award_name: str
    level: str | None = None
    org_code: str | None = None
    due_at: datetime | None = None
    comment: str = ""
    escalation_level: int = 0


@dataclass
class AwardLine:
    nominee_id: str
    name: str
    subject: str
    amount_vnd: int


@dataclass
class RecordAwardsInput:
    dossier_id: str
    award_code: str
    org_code: str
    decision_number: str
    decision_date: date
    authority_org: str
    achievement_year: int | None
    lines: list[AwardLine] = field(default_factory=list)
