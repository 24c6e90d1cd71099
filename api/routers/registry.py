"""Award registry, its .xlsx import, and the discipline and initiative registers (contract §12)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from api.deps import ClientAddress, CurrentUser, SessionDep, StateDep
from api.routers.dossiers import IdempotencyKey
from api.schemas.common import BINARY, errors, multipart_body
from api.schemas.registry import (
    AWARD_PATTERN,
    DisciplineIn,
    DisciplineOut,
    DisciplinePage,
    ImportErrors,
    ImportOut,
    InitiativeIn,
    InitiativeOut,
    InitiativePage,
    RegistryItem,
    RegistryPage,
    RegistryRecordIn,
)
from api.schemas.text import Text
from api.services import registers, registry
from api.services.idempotency import KeyClaim, Received, keyed_write
from api.services.uploads import receive_file_bytes

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])

OrgQuery = Annotated[
    str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_.-]{1,64}$", examples=["BN-TD"])
]
SearchQuery = Annotated[Text | None, Query(min_length=1, max_length=200, examples=["Nguyễn Văn"])]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get(
    "",
    summary="Awards in the registry of an org's subtree (past imports and tdkt decisions)",
    response_model=RegistryPage,
    response_model_exclude_none=True,
    responses=errors(401, 403, 422),
)
async def list_records(
    session: SessionDep,
    principal: CurrentUser,
    org_code: OrgQuery = None,
    q: SearchQuery = None,
    award_code: Annotated[str | None, Query(max_length=32, pattern=AWARD_PATTERN)] = None,
    year: Annotated[int | None, Query(ge=1945, le=2100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> RegistryPage:
    return await registry.list_records(
        session=session, principal=principal, org_code=org_code, q=q,
        award_code=award_code, year=year, limit=limit, offset=offset,
    )  # fmt: skip


@router.post(
    "",
    summary="Record one past award (officer of the org or above, admin)",
    status_code=status.HTTP_201_CREATED,
    response_model=RegistryItem,
    response_model_exclude_none=True,
    responses=errors(401, 403, 409, 422),
)
async def create_record(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    body: RegistryRecordIn,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> RegistryItem:
    async def write(claim: KeyClaim | None) -> RegistryItem:
        return await registry.create_record(
            session=session, principal=principal, body=body, ip=ip, claim=claim
        )

    return await keyed_write(
        sessions=state.reads, key=key, username=principal.username, scope="registry",
        body=body, status_code=201, result_type=RegistryItem, write=write,
    )  # fmt: skip


@router.post(
    "/import",
    summary="Import past awards from an .xlsx workbook: every row or none",
    response_model=ImportOut,
    responses={
        **errors(400, 401, 403, 409, 413, 415),
        422: {
            "model": ImportErrors,
            "description": "Row errors (row, column, message); nothing was imported",
            "content": {"application/problem+json": {}},
        },
    },
    openapi_extra=multipart_body(
        ["file"], {"file": BINARY | {"description": ".xlsx; header row: họ tên, ngày sinh, ..."}}
    ),
)
async def import_records(
    request: Request,
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> ImportOut:
    # The body is already held to TDKT_MAX_BODY_BYTES by the middleware; parsed by the same
    # multipart reader as every upload (file-name rule, a body cut short refused).
    data = await receive_file_bytes(
        request.stream(),
        request.headers.get("content-type"),
        file_field="file",
        limit=state.settings.max_body_bytes,
    )

    async def write(claim: KeyClaim | None) -> ImportOut:
        return await registry.import_workbook(
            session=session, principal=principal, data=data, ip=ip, claim=claim
        )

    sent = Received(fields={}, file_sha256=hashlib.sha256(data).hexdigest())
    return await keyed_write(
        sessions=state.reads, key=key, username=principal.username, scope="registry-import",
        body=sent, status_code=200, result_type=ImportOut, write=write,
    )  # fmt: skip


@router.get(
    "/discipline",
    summary="Discipline and investigation periods that freeze nominations (ND152 Art.4.4)",
    response_model=DisciplinePage,
    responses=errors(401, 403, 422),
)
async def list_discipline(
    session: SessionDep,
    principal: CurrentUser,
    org_code: OrgQuery = None,
    q: SearchQuery = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DisciplinePage:
    return await registers.list_discipline(
        session=session, principal=principal, org_code=org_code, q=q, limit=limit, offset=offset
    )


@router.post(
    "/discipline",
    summary="Record a discipline or investigation period",
    status_code=status.HTTP_201_CREATED,
    response_model=DisciplineOut,
    responses=errors(401, 403, 409, 422),
)
async def add_discipline(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    body: DisciplineIn,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> DisciplineOut:
    async def write(claim: KeyClaim | None) -> DisciplineOut:
        return await registers.add_discipline(
            session=session, principal=principal, body=body, ip=ip, claim=claim
        )

    return await keyed_write(
        sessions=state.reads, key=key, username=principal.username, scope="discipline",
        body=body, status_code=201, result_type=DisciplineOut, write=write,
    )  # fmt: skip


@router.get(
    "/initiatives",
    summary="Recognised initiatives and the title each one backs",
    response_model=InitiativePage,
    responses=errors(401, 403, 422),
)
async def list_initiatives(
    session: SessionDep,
    principal: CurrentUser,
    org_code: OrgQuery = None,
    q: SearchQuery = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> InitiativePage:
    return await registers.list_initiatives(
        session=session, principal=principal, org_code=org_code, q=q, limit=limit, offset=offset
    )


@router.post(
    "/initiatives",
    summary="Record a recognised initiative (sáng kiến)",
    status_code=status.HTTP_201_CREATED,
    response_model=InitiativeOut,
    responses=errors(401, 403, 409, 422),
)
async def add_initiative(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    body: InitiativeIn,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> InitiativeOut:
    async def write(claim: KeyClaim | None) -> InitiativeOut:
        return await registers.add_initiative(
            session=session, principal=principal, body=body, ip=ip, claim=claim
        )

    return await keyed_write(
        sessions=state.reads, key=key, username=principal.username, scope="initiative",
        body=body, status_code=201, result_type=InitiativeOut, write=write,
    )  # fmt: skip
