"""A dossier as lists and the inbox show it: the columns a page reads and the row it makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from store.models import Dossier

# What a list shows of each dossier (`SummaryRow`): the page reads these columns only, not the
# route, decision, search texts and scope arrays of the whole row.
SUMMARY_COLUMNS = (
    Dossier.id,
    Dossier.award_code,
    Dossier.proposer_org,
    Dossier.status,
    Dossier.stage,
    Dossier.round,
    Dossier.summary,
    Dossier.created_at,
    Dossier.due_at,
    Dossier.overdue,
    Dossier.round_code,
    Dossier.late,
    Dossier.open_objections,
)


OPEN_STATUSES = frozenset({"in_review", "returned"})


@dataclass(frozen=True)
class SummaryRow:
    """A dossier as lists and the inbox show it (`SUMMARY_COLUMNS`)."""

    id: str
    award_code: str
    proposer_org: str
    status: str
    stage: dict[str, Any] | None
    round: int
    summary: str
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    round_code: str | None
    late: bool
    open_objections: int


def past_due(status: str, due_at: datetime | None) -> bool:
    """Due times are data: an open dossier is overdue once its due time has passed, even before
    the workflow's escalation timer has fired and the projection has set `overdue`."""
    return status in OPEN_STATUSES and due_at is not None and due_at < datetime.now(UTC)


def summary_row(r: Any) -> SummaryRow:
    """A result row of `SUMMARY_COLUMNS` as a `SummaryRow`."""
    return SummaryRow(
        id=r.id,
        award_code=r.award_code,
        proposer_org=r.proposer_org,
        status=r.status,
        stage=r.stage,
        round=r.round,
        summary=r.summary,
        created_at=r.created_at,
        due_at=r.due_at,
        overdue=r.overdue or past_due(r.status, r.due_at),
        round_code=r.round_code,
        late=r.late,
        open_objections=r.open_objections,
    )
