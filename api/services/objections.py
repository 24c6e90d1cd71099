"""Objections (contract §15): a citizen objects during public posting, the council resolves.

Both go through the dossier's workflow (updates ``object`` and ``resolve_objection``), so an
objection is one transition: it is in the history, in the dossier's open-objection count and in
the ``objections`` table at once, and the stage cannot be approved while one is open.
"""

from __future__ import annotations

import secrets

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_role
from api.errors import Conflict, Forbidden, NotFound
from api.field_labels import field_label, labelled
from api.schemas.public import (
    ObjectionIn,
    ObjectionItem,
    ObjectionList,
    ObjectionOut,
    ObjectionStatusOut,
    ResolutionIn,
)
from api.services import temporal_gateway
from api.services.dossier_queries import scope_of
from api.services.dossier_updates import send_update
from api.services.idempotency import (
    anonymous_caller,
    request_hash,
    run_once,
    sealed,
    update_id,
)
from api.state import AppState
from core.i18n import _
from store.repositories import dossiers, postings
from store.repositories.dossiers import DossierRow
from store.repositories.postings import ObjectionRow
from store.repositories.private_dossiers import never_submitted
from workflows.contracts import (
    UPDATE_OBJECT,
    UPDATE_RESOLVE,
    ObjectionRequest,
    ResolutionRequest,
)

log = structlog.get_logger("tdkt.api.objections")
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def new_reference() -> str:
    """``PA-`` + 10 random base32 letters (50 bits): unguessable, easy to read out by phone."""
    return "PA-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def _item(row: ObjectionRow) -> ObjectionItem:
    return ObjectionItem(
        id=row.id,
        reference=row.reference,
        content=row.content,
        received_at=row.received_at,
        status=row.status,
        resolution=row.resolution,
        nominee_id=row.nominee_id,
        org_code=row.org_code,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
    )


async def object_to(
    *,
    state: AppState,
    session: AsyncSession,
    dossier_id: str,
    body: ObjectionIn,
    client_addr: str,
    key: str | None = None,
) -> ObjectionOut:
    """Anyone may object while the dossier is posted; the posting org's chair is notified.

    A submitted dossier out of its posting (under review, posting over, closed) is a 409 in
    words; a number that names none and a dossier never submitted (a draft: its org's only)
    get one 404, so nobody learns of a draft from outside.

    With an Idempotency-Key it is received once per (client address, key): nobody is signed
    in, so the address holds the key (``anonymous_caller``). The reference, and so the
    ``object`` update's id, comes from the key and the body (an HMAC under the server's
    secret: still unguessable), so a retry after a crash at any instant reaches the same
    update and answers the objection the first try recorded, never a second one."""
    caller = anonymous_caller(client_addr)
    scope = f"objection:{dossier_id}"

    async def run() -> ObjectionOut:
        reference = (
            new_reference()
            if key is None
            else keyed_reference(state, f"{caller}\n{key}\n{request_hash(scope, body)}")
        )
        return await _receive(
            state=state, session=session, dossier_id=dossier_id, body=body,
            client_addr=client_addr, reference=reference, keyed=key is not None,
        )  # fmt: skip

    return await run_once(
        sessions=state.reads, key=key, username=caller, scope=scope, body=body,
        status_code=201, result_type=ObjectionOut, action=run,
    )  # fmt: skip


def keyed_reference(state: AppState, request: str) -> str:
    """The reference of a keyed objection: ``PA-`` + 10 base32 letters of an HMAC of the
    request under the server's secret (50 bits, as ``new_reference``'s)."""
    value = int(sealed(state.settings, "objection", request), 16)
    return "PA-" + "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in range(10))


async def _receive(
    *,
    state: AppState,
    session: AsyncSession,
    dossier_id: str,
    body: ObjectionIn,
    client_addr: str,
    reference: str,
    keyed: bool,
) -> ObjectionOut:
    await state.objection_limiter.hit(session=session, key=client_addr)
    if keyed and (earlier := await postings.objection(session=session, reference=reference)):
        return _received(earlier)  # an earlier try of this request was received
    posting = await postings.in_posting(session=session, dossier_id=dossier_id)
    row = await dossiers.get(session=session, dossier_id=dossier_id)
    if posting is None or row is None or never_submitted(row.status, row.route_orgs):
        raise _not_posted(dossier_id)
    if not posting:
        raise Conflict(_("msg.dossier_dossier_id_is_not_in", dossier_id=dossier_id))
    await session.rollback()  # hold no transaction open while the workflow commits
    request = ObjectionRequest(
        reference=reference,
        content=body.content,
        contact=body.contact,
        client_addr=client_addr,
        nominee_id=body.nominee_id,
    )
    try:
        await temporal_gateway.execute_update(
            state=state,
            workflow_id=row.workflow_id,
            update=UPDATE_OBJECT,
            payload=request,
            update_id=f"{UPDATE_OBJECT}:{reference}",
        )
    except temporal_gateway.WorkflowClosed:  # closed meanwhile
        raise Conflict(_("msg.dossier_is_closed", dossier_id=dossier_id)) from None
    stored = await postings.objection(session=session, reference=reference)
    assert stored is not None  # committed by the transition the update answered after
    log.info("objection.received", dossier_id=dossier_id, reference=reference)
    return _received(stored)


def _received(stored: ObjectionRow) -> ObjectionOut:
    return ObjectionOut(
        id=stored.id,
        dossier_id=stored.dossier_id,
        received_at=stored.received_at,
        reference=stored.reference,
        status="open",
    )


def _not_posted(dossier_id: str) -> NotFound:
    return NotFound(_("msg.no_dossier_in_posting", dossier_id=dossier_id))


async def lookup(*, session: AsyncSession, reference: str) -> ObjectionStatusOut:
    row = await postings.objection(session=session, reference=reference)
    if row is None:
        message = labelled(field_label("reference"), _("msg.not_found"))
        raise NotFound(
            _("msg.objection_not_found", reference=reference),
            errors=[{"field": "reference", "message": message}],
        )
    return ObjectionStatusOut(
        reference=row.reference,
        status=row.status,
        resolution=row.resolution,
    )


def _require_route_org(principal: Principal, row: DossierRow) -> None:
    """The orgs on the route read the objections: the proposer first (it answers the public's
    feedback, ND152 Art.44.2), then the stages' orgs (the proposer is among those only when it
    acts itself); none of them sees the objector's contact."""
    on_route = principal.org_code == row.proposer_org or principal.org_code in row.route_orgs
    if not principal.is_admin and not on_route:
        raise Forbidden(_("msg.only_route_orgs_read_objections"))


async def list_for(
    *, session: AsyncSession, principal: Principal, dossier_id: str
) -> ObjectionList:
    row, _scope = await scope_of(session, principal, dossier_id)
    _require_route_org(principal, row)
    rows = await postings.objections_of(session=session, dossier_id=dossier_id)
    return ObjectionList(items=[_item(r) for r in rows])


async def resolve(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    objection_id: str,
    body: ResolutionIn,
    key: str | None = None,
    ip: str,
) -> ObjectionItem:
    """The chair of the org that posted the dossier records ``dismissed`` or ``upheld``."""
    row, _scope = await scope_of(session, principal, dossier_id)
    require_role(principal, Role.chair)
    found = await postings.objection(session=session, reference=objection_id, dossier_id=row.id)
    if found is None:
        raise NotFound(
            _("msg.objection_of_dossier_not_found", reference=objection_id, dossier_id=dossier_id)
        )
    request = ResolutionRequest(
        actor=principal.username,
        actor_org=principal.org_code,
        reference=found.reference,
        outcome=body.outcome,
        comment=body.comment,
    )
    await send_update(
        state=state,
        session=session,
        row=row,
        update=UPDATE_RESOLVE,
        payload=request,
        outcome="objection_resolved",
        request=update_id(principal, f"{UPDATE_RESOLVE}:{found.reference}", key),
        principal=principal,
        ip=ip,
    )
    resolved = await postings.objection(session=session, reference=found.reference)
    assert resolved is not None
    log.info("objection.resolved", dossier_id=dossier_id, reference=found.reference)
    return _item(resolved)
