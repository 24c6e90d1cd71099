"""Commands on a running dossier: decide, resubmit, withdraw, extend the deadline (updates).

Authorization happens here first (404 out of scope, 403 wrong role or org), then an approval
of a nominee the discipline register freezes is refused (409, ``decision_freeze``); the
workflow's update validators then refuse what only the workflow state can tell (wrong stage →
403, wrong status or phase → 409, missing comment or ballot → 422). Each update answers after
its transition is committed, so the returned view is what every later read shows.

With an ``Idempotency-Key`` the update id is derived from (user, key, command): a retry after a
crash at any instant is applied at most once by Temporal, and a retry that finds the workflow
closed answers from PostgreSQL when the transition it asked for is committed there.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_proposer_officer, require_role
from api.errors import AppError, Conflict
from api.refusal_text import refusal_text
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import DecisionIn, ExtendIn, ResubmitIn, WithdrawIn
from api.services import (
    checklist,
    decision_checks,
    decision_freeze,
    dossier_updates,
    idempotency,
    round_links,
)
from api.services.dossier_queries import scope_of
from api.services.dossiers import deadline_policy
from api.services.nominees import nominee_inputs, still_free
from api.services.reference import award_rule
from api.state import AppState
from store.repositories import dossiers, orgs
from store.repositories.dossiers import DossierRow
from workflows.contracts import (
    UPDATE_DECIDE,
    UPDATE_EXTEND,
    UPDATE_RESUBMIT,
    UPDATE_WITHDRAW,
    DecideRequest,
    ExtendRequest,
    ResubmitRequest,
    VoteInput,
    WithdrawRequest,
)

log = structlog.get_logger("tdkt.api.dossiers")


async def decide(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: DecisionIn,
    key: str | None = None,
    ip: str,
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    require_role(principal, Role.chair)
    request_id = idempotency.update_id(principal, UPDATE_DECIDE, key)
    try:
        decision_checks.require_turn(row, principal.org_code)  # 409, 403 before the body's
        await decision_checks.require_decision_here(session, row, body)
        body = await decision_checks.checked(session, row, principal.org_code, body)
        await decision_freeze.require_not_frozen(session, row, body)  # ND152 Art.4.4
    except AppError as refusal:
        await dossier_updates.refuse_unless_applied(session, row, request_id, refusal)
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
    view = await dossier_updates.send_update(
        state=state,
        session=session,
        row=row,
        update=UPDATE_DECIDE,
        payload=request,
        outcome=body.action,
        request=request_id,
        principal=principal,
        ip=ip,
    )
    await round_links.decided(state=state, view=view, principal=principal, action=body.action)
    log.info("dossier.decided", dossier_id=dossier_id, action=body.action, status=view.status)
    return view


async def resubmit(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: ResubmitIn,
    key: str | None = None,
    ip: str,
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    await require_proposer_officer(session, principal, row.proposer_org)
    request_id = idempotency.update_id(principal, UPDATE_RESUBMIT, key)
    try:
        if row.status != "returned":  # 409 before the papers' and the nominees' checks
            raise Conflict(refusal_text("resubmit_not_returned") or row.status)
        await _papers_for_return(state, session, row)
    except AppError as refusal:
        await dossier_updates.refuse_unless_applied(session, row, request_id, refusal)
    nominees = None
    if body.nominees is not None:
        nominees = await nominee_inputs(
            session=session,
            prefix=f"{dossier_id}-R{secrets.token_hex(2).upper()}",
            rule=award_rule(row.award_code),
            year=row.year,
            proposer_org=row.proposer_org,
            nominees=body.nominees,
            dossier_id=row.id,
        )
    else:  # unchanged nominees: an initiative lost to another dossier is refused now
        await still_free(session, row)
    request = ResubmitRequest(
        actor=principal.username,
        actor_org=principal.org_code,
        comment=body.comment,
        summary=body.summary,
        nominees=nominees,
    )
    view = await dossier_updates.send_update(
        state=state,
        session=session,
        row=row,
        update=UPDATE_RESUBMIT,
        payload=request,
        outcome="resubmit",
        request=request_id,
        principal=principal,
        ip=ip,
    )
    log.info("dossier.resubmitted", dossier_id=dossier_id, round=view.round)
    return view


async def _papers_for_return(state: AppState, session: AsyncSession, row: DossierRow) -> None:
    """A resubmission goes back to the level that returned it: its papers, when enforced."""
    policy = deadline_policy(state)
    if not policy.enforce_documents:
        return
    detailed = await dossiers.get(session=session, dossier_id=row.id, with_details=True)
    returns = [h for h in (detailed.history if detailed else []) if h.get("action") == "returned"]
    first = row.route[0] if len(row.route) == len(row.route_orgs) else row.route[1]
    level = str(returns[-1].get("level")) if returns else first
    await checklist.require_papers(
        session=session,
        policy=policy,
        ancestry=await orgs.ancestry(session=session, code=row.proposer_org),
        award_code=row.award_code,
        level=level,
        simplified=row.simplified,
        dossier_id=row.id,
    )


async def withdraw(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: WithdrawIn,
    key: str | None = None,
    ip: str,
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    await require_proposer_officer(session, principal, row.proposer_org)
    request_id = idempotency.update_id(principal, UPDATE_WITHDRAW, key)
    if request_id is None:
        dossier_updates.require_open(row)
    request = WithdrawRequest(
        actor=principal.username, actor_org=principal.org_code, comment=body.comment
    )
    view = await dossier_updates.send_update(
        state=state,
        session=session,
        row=row,
        update=UPDATE_WITHDRAW,
        payload=request,
        outcome="withdraw",
        request=request_id,
        principal=principal,
        ip=ip,
    )
    log.info("dossier.withdrawn", dossier_id=dossier_id)
    return view


async def extend(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: ExtendIn,
    key: str | None = None,
    ip: str,
) -> DossierOut:
    """A chair of the acting org (or of the org above it) grants extra working days."""
    row, _ = await scope_of(session, principal, dossier_id)
    require_role(principal, Role.chair)
    request_id = idempotency.update_id(principal, UPDATE_EXTEND, key)
    if request_id is None:
        dossier_updates.require_open(row)
    request = ExtendRequest(
        actor=principal.username,
        actor_org=principal.org_code,
        working_days=body.working_days,
        comment=body.comment,
    )
    view = await dossier_updates.send_update(
        state=state,
        session=session,
        row=row,
        update=UPDATE_EXTEND,
        payload=request,
        outcome="extend",
        request=request_id,
        principal=principal,
        ip=ip,
    )
    log.info("dossier.extended", dossier_id=dossier_id, working_days=body.working_days)
    return view


@dataclass(frozen=True)
class CommandCall:
    """One command on a dossier, run once per (user, Idempotency-Key). ``session`` only reads
    (the API routes pass an autocommit read session); the Idempotency-Key claim and its answer
    are one autocommit statement each, the transition and its audit row are the workflow's."""

    state: AppState
    session: AsyncSession
    principal: Principal
    dossier_id: str
    key: str | None
    ip: str

    async def once(
        self, scope: str, body: BaseModel, command: Callable[..., Awaitable[DossierOut]]
    ) -> DossierOut:
        return await idempotency.run_once(
            sessions=self.state.reads,
            key=self.key,
            username=self.principal.username,
            scope=f"{scope}:{self.dossier_id}",
            body=body,
            status_code=200,
            result_type=DossierOut,
            action=lambda: command(
                state=self.state,
                session=self.session,
                principal=self.principal,
                dossier_id=self.dossier_id,
                body=body,
                key=self.key,
                ip=self.ip,
            ),
        )
