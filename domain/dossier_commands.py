"""Dossier commands: what ``domain.dossier.apply`` takes to change a dossier's state.

Plain frozen dataclasses; the state they change is in ``domain.dossier_model``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.ballot import Vote
from domain.dossier_model import Nominee
from domain.routes import Route


@dataclass(frozen=True)
class Decide:
    actor: str
    actor_org: str
    action: str  # approve | return | reject
    comment: str = ""
    nominee_ids: tuple[str, ...] | None = None
    vote: Vote | None = None
    decision_number: str | None = None
    decision_date: date | None = None


@dataclass(frozen=True)
class Resubmit:
    actor: str
    actor_org: str
    comment: str = ""
    summary: str | None = None
    nominees: tuple[Nominee, ...] | None = None


@dataclass(frozen=True)
class Withdraw:
    actor: str
    actor_org: str
    comment: str = ""


@dataclass(frozen=True)
class Extend:
    actor: str
    actor_org: str
    working_days: int
    comment: str = ""
    # The event names the acting chair's org (and level) and records the days granted; False
    # (histories recorded before) keeps the old event: the stage's org, no days.
    attributed: bool = False


@dataclass(frozen=True)
class SetDeadline:
    """The deadline of the open phase, computed outside (``extension_days`` already included)."""

    due_at: datetime
    reminder_at: datetime | None


@dataclass(frozen=True)
class TimerFired:
    """A timer from :func:`next_timer` fired; ``next_escalation_at`` is set for escalations."""

    kind: str
    next_escalation_at: datetime | None = None


@dataclass(frozen=True)
class Submit:
    """A draft is submitted: it takes the route planned now (the org tree may have changed
    since the draft was started) and may change its summary and nominees."""

    actor: str
    actor_org: str
    route: Route
    comment: str = ""
    summary: str | None = None
    nominees: tuple[Nominee, ...] | None = None
    late: bool = False
    round_code: str | None = None  # joins this round; None keeps the draft's own


@dataclass(frozen=True)
class Object:
    """A citizen objects to the dossier (or one nominee) during its public posting."""

    reference: str
    content: str
    contact: str | None = None
    client_addr: str = ""
    nominee_id: str | None = None


@dataclass(frozen=True)
class Resolve:
    """The chair of the posting org resolves an objection: ``dismissed`` or ``upheld``."""

    actor: str
    actor_org: str
    reference: str
    outcome: str
    comment: str


Command = (
    Decide | Resubmit | Withdraw | Extend | SetDeadline | TimerFired | Submit | Object | Resolve
)
