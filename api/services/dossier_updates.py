"""Sending a command to a dossier's workflow: one update, answered once its transition is
committed, with the papers checklist the next GET shows (api.services.dossier_commands,
dossier_submit and objections send theirs through :func:`send_update`).

A keyed retry whose transition is already committed is answered from what was committed
(:func:`applied`): by the workflow, or by PostgreSQL once the workflow has closed.
"""

from __future__ import annotations

from dataclasses import replace

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import AppError, Conflict
from api.schemas.dossier_views import DossierOut
from api.services import dossier_views, temporal_gateway
from api.services.dossiers import with_checklist
from api.state import AppState
from core.i18n import _
from store.db import transaction
from store.repositories import dossiers
from store.repositories.audit import record_audit
from store.repositories.dossiers import FINAL_STATUSES, DossierRow
from workflows.contracts import CommandRequest, DossierStatus, Origin


def closed(row: DossierRow) -> Conflict:
    return Conflict(
        _("msg.dossier_id_is_closed_status", id=row.id, status=_(f"status.{row.status}"))
    )


def require_open(row: DossierRow) -> None:
    if row.status in FINAL_STATUSES:
        raise closed(row)


async def refuse_unless_applied(
    session: AsyncSession, row: DossierRow, request_id: str | None, refusal: AppError
) -> None:
    """Raise ``refusal`` (a check failed) unless the request is a keyed retry whose transition
    is committed: the state has moved on since, so nothing is checked again and the workflow
    (or, once it has closed, PostgreSQL) answers what it answered first. The checks run first,
    so a first request (the common case) pays no query for this."""
    if request_id is None or not await dossiers.request_committed(
        session=session, dossier_id=row.id, request_id=request_id
    ):
        raise refusal


async def send_update(
    *,
    state: AppState,
    session: AsyncSession,
    row: DossierRow,
    update: str,
    payload: CommandRequest,
    outcome: str,
    request: str | None,
    principal: Principal,
    ip: str,
) -> DossierOut:
    """Run the update; count the accepted command in the dossier-outcome metric. The answer
    carries the papers checklist, as the next GET does.

    The request carries its audit-log entry (``dossier.<outcome>``, who, from where): the
    transition commits it in its own transaction, once, whatever is retried. Only a dossier of
    engine v1 answers without it (``audited`` false); the entry is then written here."""
    await session.rollback()  # hold no transaction open while the workflow commits
    origin = Origin(principal.username, f"dossier.{outcome}", ip)
    try:
        with structlog.contextvars.bound_contextvars(dossier_id=row.id):
            status: DossierStatus = await temporal_gateway.execute_update(
                state=state,
                workflow_id=row.workflow_id,
                update=update,
                payload=replace(payload, origin=origin),
                update_id=request,
                keyed=request is not None,
            )
    except temporal_gateway.WorkflowClosed:
        done = request is not None and await dossiers.request_committed(
            session=session, dossier_id=row.id, request_id=request
        )
        fresh = await dossiers.get(session=session, dossier_id=row.id, with_details=True)
        if not done or fresh is None:
            raise closed(fresh or row) from None
        # the retry of a committed request
        return await with_checklist(session, dossier_views.from_row(fresh))
    state.metrics.dossier_outcomes.labels(outcome).inc()
    if not status.audited:
        async with transaction(state.sessions) as audit:
            await record_audit(audit, origin.actor, origin.action, row.id, origin.ip)
    # the papers as read with the row: a command does not change them
    return await with_checklist(session, dossier_views.from_status(status), row.attachment_kinds)
