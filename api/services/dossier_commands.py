"""Commands on a running dossier: decide, resubmit, withdraw (workflow updates).

Authorization happens here first (404 out of scope, 403 wrong role or org); the workflow's
update validators then refuse what only the workflow state can tell (wrong stage → 403, wrong
status or phase → 409, missing comment or ballot → 422).
"""

from __future__ import annotations

import secrets

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_proposer_officer, require_role
from api.errors import Conflict
from api.schemas.dossiers import DecisionIn, DossierOut, ResubmitIn, WithdrawIn
from api.services import dossier_views, round_links, temporal_gateway
from api.services.dossiers import check_nominees, nominee_inputs, nominee_rows, scope_of
from api.services.reference import award_rule
from api.state import AppState
from store.repositories.dossiers import FINAL_STATUSES, DossierRow
from workflows.contracts import (
    UPDATE_DECIDE,
    UPDATE_RESUBMIT,
    UPDATE_WITHDRAW,
    DecideRequest,
    DossierStatus,
    ResubmitRequest,
    VoteInput,
    WithdrawRequest,
)

log = structlog.get_logger("tdkt.api.dossiers")


def _require_open(row: DossierRow) -> None:
    if row.status in FINAL_STATUSES:
        raise Conflict(
            f"Hồ sơ {row.id} đã kết thúc ({row.status}) / Dossier {row.id} is closed ({row.status})"
        )


async def _update(
    state: AppState, dossier_id: str, update: str, payload: object, outcome: str
) -> DossierStatus:
    """Run a workflow update and count the accepted command in the dossier-outcome metric."""
    status = await temporal_gateway.execute_update(
        state=state, dossier_id=dossier_id, update=update, payload=payload
    )
    state.metrics.dossier_outcomes.labels(outcome).inc()
    return status


async def decide(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: DecisionIn,
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    require_role(principal, Role.chair)
    _require_open(row)
    request = DecideRequest(
        actor=principal.username,
        actor_org=principal.org_code,
        action=body.action,
        comment=body.comment,
        nominee_ids=body.nominee_ids,
        vote=None
        if body.vote is None
        else VoteInput(body.vote.members_total, body.vote.present, body.vote.in_favor),
        decision_number=body.decision_number,
        decision_date=body.decision_date,
    )
    status = await _update(state, dossier_id, UPDATE_DECIDE, request, body.action)
    await round_links.decided(state=state, status=status, principal=principal, action=body.action)
    log.info("dossier.decided", dossier_id=dossier_id, action=body.action, status=status.status)
    return dossier_views.from_status(status)


async def resubmit(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: ResubmitIn,
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    require_proposer_officer(principal, row.proposer_org)
    _require_open(row)
    nominees = None
    if body.nominees is not None:
        check_nominees(award_rule(row.award_code), body.nominees)
        prefix = f"{dossier_id}-R{secrets.token_hex(2).upper()}"
        nominees = nominee_inputs(nominee_rows(prefix, body.nominees))
    request = ResubmitRequest(
        actor=principal.username,
        actor_org=principal.org_code,
        comment=body.comment,
        summary=body.summary,
        nominees=nominees,
    )
    status = await _update(state, dossier_id, UPDATE_RESUBMIT, request, "resubmit")
    log.info("dossier.resubmitted", dossier_id=dossier_id, round=status.round)
    return dossier_views.from_status(status)


async def withdraw(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: WithdrawIn,
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    require_proposer_officer(principal, row.proposer_org)
    _require_open(row)
    request = WithdrawRequest(
        actor=principal.username, actor_org=principal.org_code, comment=body.comment
    )
    status = await _update(state, dossier_id, UPDATE_WITHDRAW, request, "withdraw")
    log.info("dossier.withdrawn", dossier_id=dossier_id)
    return dossier_views.from_status(status)
