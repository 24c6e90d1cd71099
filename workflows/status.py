"""Build the public :class:`DossierStatus` from the domain state (shared with the projection)."""

from __future__ import annotations

from domain.dossier import DossierState, Phase, Status
from domain.dossier import route_orgs as _route_orgs
from workflows.contracts import (
    BonusLine,
    DecisionView,
    DossierStatus,
    HistoryEntry,
    NomineeView,
    StageView,
    VoteInput,
)


def status_of(state: DossierState) -> DossierStatus:
    """The contract §7 view of ``state``."""
    stage = state.stage
    stage_view = None
    if stage is not None:
        stage_view = StageView(
            level=stage.level.value,
            org_code=stage.org_code,
            arrived_at=stage.arrived_at,
            due_at=stage.due_at,
            overdue=stage.overdue,
            escalation_level=stage.escalation_level,
            phase=stage.phase.value,
            reminder_at=stage.reminder_at,
            seq=stage.seq,
        )
    decision = None
    if state.decision is not None:
        decision = DecisionView(
            number=state.decision.number,
            date=state.decision.date,
            authority_org=state.decision.authority_org,
            bonus=[BonusLine(b.nominee_id, b.amount_vnd) for b in state.decision.bonus],
        )
    posting = stage is not None and stage.phase is Phase.public_posting
    # never submitted (a draft, or a draft withdrawn): never on its route, so no route orgs and
    # nobody above the unit sees it (store.repositories.private_dossiers)
    never_submitted = state.status is Status.draft or not state.stages
    return DossierStatus(
        id=state.dossier_id,
        award_code=state.award.code,
        proposer_org=state.proposer_org,
        route=[level.value for level in state.route.levels],  # planned, for a draft
        status=state.status.value,
        round=state.round,
        stage=stage_view,
        nominees=[
            NomineeView(
                n.id,
                n.name,
                n.kind.value,
                n.outcome.value,
                n.title,
                n.bonus_vnd,
                n.birth_date,
                n.identity_number,
                n.eligibility,
            )
            for n in state.nominees
        ],
        decision=decision,
        history=[
            HistoryEntry(
                e.at,
                e.actor,
                e.action,
                e.level,
                e.comment,
                e.org_code,
                e.seq,
                None
                if e.vote is None
                else VoteInput(e.vote.members_total, e.vote.present, e.vote.in_favor),
                e.working_days,
                e.due_at,
            )
            for e in state.history
        ],
        version=state.version,
        summary=state.summary,
        round_code=state.round_code,
        late=state.late,
        year=state.year,
        posting_ends_at=stage.due_at if posting and stage is not None else None,
        route_orgs=[] if never_submitted else _route_orgs(state.route),
        award_type=state.award_type,
        simplified=state.simplified,
        open_objections=len(state.open_objections),
    )
