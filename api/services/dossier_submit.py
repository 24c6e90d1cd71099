"""Submitting a draft (contract §13): the route is planned now, the round and the papers are
checked now, and the ``submit`` update answers once the dossier sits at its first stage. A
``round_code`` in the body submits it into that open round (a draft started before the round
opened may join it); without one it keeps the round it was drafted for, if any."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_proposer_officer
from api.errors import Conflict, Invalid
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import SubmitIn
from api.services import checklist, round_links
from api.services.dossier_queries import scope_of
from api.services.dossier_updates import send_update
from api.services.dossiers import deadline_policy, plan
from api.services.idempotency import update_id
from api.services.nominees import nominee_inputs, still_free
from api.services.reference import award_rule
from api.state import AppState
from core.i18n import _
from workflows.contracts import UPDATE_SUBMIT, SubmitRequest

log = structlog.get_logger("tdkt.api.dossiers")


async def submit(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    body: SubmitIn,
    key: str | None = None,
    ip: str,
) -> DossierOut:
    row, _scope = await scope_of(session, principal, dossier_id)
    await require_proposer_officer(session, principal, row.proposer_org)
    request_id = update_id(principal, UPDATE_SUBMIT, key)
    if request_id is None and row.status != "draft":
        raise Conflict(
            _("msg.dossier_is_not_a_draft", id=row.id, status=_(f"status.{row.status}").lower())
        )
    if row.status == "draft" and not (row.summary if body.summary is None else body.summary):
        # a draft may be kept without a summary; one sent for review states it (contract §7)
        raise Invalid.field("summary", _("text.required_when_submitted"))
    rule = award_rule(row.award_code)
    route, ancestry = await plan(session, row.proposer_org, rule, simplified=row.simplified)
    await checklist.require_papers(
        session=session,
        policy=deadline_policy(state),
        ancestry=ancestry,
        award_code=rule.code,
        level=checklist.first_level(route),
        simplified=row.simplified,
        dossier_id=row.id,
    )
    now = datetime.now(UTC)
    round_code = row.round_code if body.round_code is None else body.round_code
    late = await round_links.admit(
        session=session,
        round_code=round_code,
        proposer_org=row.proposer_org,
        award_code=rule.code,
        at=now,
    )
    nominees = None
    if body.nominees is not None:
        nominees = await nominee_inputs(
            session=session,
            prefix=f"{dossier_id}-S{secrets.token_hex(2).upper()}",
            rule=rule,
            year=row.year,
            proposer_org=row.proposer_org,
            nominees=body.nominees,
            dossier_id=row.id,
        )
    else:  # the draft's own nominees: their initiatives may have been claimed since
        await still_free(session, row)
    request = SubmitRequest(
        actor=principal.username,
        actor_org=principal.org_code,
        route=route,
        comment=body.comment,
        summary=body.summary,
        nominees=nominees,
        late=late,
        round_code=body.round_code,
    )
    view = await send_update(
        state=state,
        session=session,
        row=row,
        update=UPDATE_SUBMIT,
        payload=request,
        outcome="submit",
        request=request_id,
        principal=principal,
        ip=ip,
    )
    await round_links.submitted(
        state=state,
        round_code=round_code,
        dossier_id=row.id,
        proposer_org=row.proposer_org,
        at=now,
    )
    log.info("dossier.submitted_draft", dossier_id=dossier_id, workflow_id=row.workflow_id)
    return view
