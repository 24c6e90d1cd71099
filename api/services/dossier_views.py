"""Build the API's dossier views from the live workflow status or from the read model.

Every view shows ``route`` and ``route_orgs`` index by index: ``route_orgs[i]`` is the org
acting at ``route[i]``, the proposer first (the workflow keeps only the stages' orgs, the
proposer among them when it acts itself: :func:`domain.routes.aligned_orgs`). A draft has no
route yet (contract §13): both are empty until it is submitted along the route planned then.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from api.check_text import worded
from api.schemas.dossier_views import (
    DecisionOut,
    DocumentsOut,
    DossierOut,
    DossierSummary,
    HistoryOut,
    NomineeOut,
    StageOut,
)
from domain.documents import documents_summary
from domain.routes import aligned_orgs
from store.repositories.dossier_summaries import SummaryRow
from store.repositories.dossiers import DossierRow
from workflows.contracts import DossierStatus

_STATUS = TypeAdapter(DossierStatus)


def from_status(status: DossierStatus) -> DossierOut:
    """The live view (workflow query or update result)."""
    data: dict[str, Any] = _STATUS.dump_python(status, mode="json")
    data["nominees"] = [{**n, "position": n.get("title")} for n in data.get("nominees", [])]
    data["live"] = True
    return _worded(_routed(DossierOut.model_validate(data)))


def _routed(view: DossierOut) -> DossierOut:
    """``view`` with its route's orgs aligned to its levels; a draft's route empty, also once
    withdrawn without ever being submitted (it has no route orgs then)."""
    if view.status == "draft" or not view.route_orgs:
        return view.model_copy(update={"route": [], "route_orgs": []})
    orgs = aligned_orgs(view.route, view.route_orgs, view.proposer_org)
    return view.model_copy(update={"route_orgs": orgs})


def _stage(raw: dict[str, Any] | None) -> StageOut | None:
    return None if raw is None else StageOut.model_validate(raw)


def _worded(view: DossierOut) -> DossierOut:
    """The nominees' eligibility checks in the reader's language (stored: reasons + Vietnamese)."""
    nominees = [n.model_copy(update={"eligibility": worded(n.eligibility)}) for n in view.nominees]
    return view.model_copy(update={"nominees": nominees})


def from_row(row: DossierRow) -> DossierOut:
    """The read-model view (PostgreSQL projection)."""
    return _worded(_routed(_from_row(row)))


def _from_row(row: DossierRow) -> DossierOut:
    stage = _stage(row.stage)
    return DossierOut(
        id=row.id,
        award_code=row.award_code,
        proposer_org=row.proposer_org,
        route=row.route,
        status=row.status,
        round=row.round,
        stage=stage,
        # as the live view (workflows.status): a posting ends when its stage falls due
        posting_ends_at=stage.due_at if stage and stage.phase == "public_posting" else None,
        nominees=[
            NomineeOut.model_validate(
                {
                    "id": n.id,
                    "name": n.name,
                    "kind": n.kind,
                    "outcome": n.outcome,
                    "position": n.title,
                    "bonus_vnd": n.bonus_vnd,
                    "birth_date": n.birth_date,
                    "identity_number": n.identity_number,
                    "eligibility": n.eligibility,
                }
            )
            for n in row.nominees
        ],
        decision=None if row.decision is None else DecisionOut.model_validate(row.decision),
        history=[HistoryOut.model_validate(h) for h in row.history],
        summary=row.summary,
        route_orgs=row.route_orgs,
        award_type=row.award_type,
        simplified=row.simplified,
        year=row.year,
        round_code=row.round_code,
        late=row.late,
        version=row.version,
        open_objections=row.open_objections,
        live=False,
    )


def without_personal_data(view: DossierOut) -> DossierOut:
    hidden = [
        n.model_copy(update={"birth_date": None, "identity_number": None}) for n in view.nominees
    ]
    return view.model_copy(update={"nominees": hidden})


def summary(row: SummaryRow) -> DossierSummary:
    return DossierSummary(
        id=row.id,
        award_code=row.award_code,
        proposer_org=row.proposer_org,
        status=row.status,
        stage=_stage(row.stage),
        round=row.round,
        summary=row.summary,
        created_at=row.created_at,
        due_at=row.due_at,
        overdue=row.overdue,
        round_code=row.round_code,
        late=row.late,
        open_objections=row.open_objections,
    )


def with_documents(
    view: DossierOut,
    present_kinds: set[str],
    simplified: bool | None = None,
    draft_level: str | None = None,
) -> DossierOut:
    """`view` with its papers checklist, judged at the stage it waits at (else its last; a
    draft's at ``draft_level``, where it goes when submitted, none when unknown), under the
    dossier's own procedure unless ``simplified`` says otherwise: a simplified ad-hoc dossier
    needs the reduced set (Law Art.85)."""
    if view.stage is not None:
        level = view.stage.level
    elif view.route:
        level = view.route[-1]
    elif draft_level is not None:
        level = draft_level
    else:
        return view
    reduced = view.simplified if simplified is None else simplified
    summary = documents_summary(view.award_code, level, reduced, present_kinds)
    documents = DocumentsOut(
        required=[k.value for k in summary.required],
        present=[k.value for k in summary.present],
        missing=[k.value for k in summary.missing],
        basis=summary.basis.cite(),
    )
    return view.model_copy(update={"documents": documents})
