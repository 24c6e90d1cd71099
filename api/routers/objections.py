"""Objections on a dossier (contract §15): the route's orgs read them, the posting org's chair
resolves them. Citizens object and look them up through ``api.routers.public``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.authz import Role
from api.deps import ClientIp, CurrentUser, SessionDep, StateDep, requires_role
from api.routers.dossiers import DossierId, IdempotencyKey
from api.schemas.common import errors
from api.schemas.public import ObjectionItem, ObjectionList, ResolutionIn
from api.services import idempotency, objections

router = APIRouter(prefix="/api/v1", tags=["objections"])
ObjectionId = Annotated[str, Path(pattern=r"^(\d{1,17}|PA-[0-9A-Z]{4,28})$", examples=["12"])]


@router.get(
    "/dossiers/{dossier_id}/objections",
    summary="Objections received while the dossier was posted (orgs on its route)",
    response_model=ObjectionList,
    responses=errors(401, 403, 404, 422),
)
async def list_objections(
    session: SessionDep, principal: CurrentUser, dossier_id: DossierId
) -> ObjectionList:
    return await objections.list_for(session=session, principal=principal, dossier_id=dossier_id)


@router.post(
    "/dossiers/{dossier_id}/objections/{objection_id}/resolution",
    summary="Resolve an objection: dismissed or upheld, with reasons (chair of the posting org)",
    response_model=ObjectionItem,
    responses=errors(401, 403, 404, 409, 413, 422, 503),
    dependencies=[requires_role(Role.chair)],
)
async def resolve(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    objection_id: ObjectionId,
    body: ResolutionIn,
    ip: ClientIp,
    key: IdempotencyKey = None,
) -> ObjectionItem:
    return await idempotency.run_once(
        sessions=state.reads,
        key=key,
        username=principal.username,
        scope=f"resolve:{dossier_id}:{objection_id}",
        body=body,
        status_code=200,
        result_type=ObjectionItem,
        action=lambda: objections.resolve(
            state=state,
            session=session,
            principal=principal,
            dossier_id=dossier_id,
            objection_id=objection_id,
            body=body,
            key=key,
            ip=ip,
        ),
    )
