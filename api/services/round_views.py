"""Round views: the contract §9 shape from the live workflow or from the read model."""

from __future__ import annotations

from api.schemas.rounds import RoundOut, SubmitterOut
from store.repositories.rounds import RoundRow
from workflows.round_contracts import RoundView, SubmitterView


def _submitter(v: SubmitterView) -> SubmitterOut:
    return SubmitterOut(
        org_code=v.org_code,
        submitted=v.submitted,
        late=v.late,
        dossier_ids=v.dossier_ids,
        escalation_level=v.escalation_level,
        level=v.level,
        parent_code=v.parent_code,
        submitted_at=v.submitted_at,
        deadline=v.deadline,
    )


def from_view(view: RoundView, *, live: bool) -> RoundOut:
    return RoundOut(
        code=view.code,
        status="closed" if view.status == "closed" else "open",
        deadlines=view.deadlines,
        submitters=[_submitter(s) for s in view.submitters],
        forwarders=[_submitter(s) for s in view.forwarders],
        name=view.name,
        year=view.year,
        owner_org=view.owner_org,
        award_codes=view.award_codes,
        opened_at=view.opened_at,
        closed_at=view.closed_at,
        live=live,
    )


def from_row(row: RoundRow) -> RoundOut:
    subs = [
        SubmitterOut(
            org_code=s.org_code,
            submitted=s.submitted_at is not None,
            late=s.late,
            dossier_ids=s.dossier_ids,
            escalation_level=s.escalation_level,
            level=s.level,
            parent_code=s.parent_code,
            submitted_at=s.submitted_at,
            deadline=s.deadline,
        )
        for s in row.submitters
    ]
    roles = {s.org_code: s.role for s in row.submitters}
    return RoundOut(
        code=row.code,
        status="closed" if row.status == "closed" else "open",
        deadlines=row.deadlines,
        submitters=[s for s in subs if roles[s.org_code] == "submitter"],
        forwarders=[s for s in subs if roles[s.org_code] == "forwarder"],
        name=row.name,
        year=row.year,
        owner_org=row.owner_org,
        award_codes=row.award_codes,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
    )
