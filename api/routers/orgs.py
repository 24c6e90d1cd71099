"""Organisations and users (contract §3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep, StateDep
from api.routers.dossiers import IdempotencyKey
from api.schemas.common import errors
from api.schemas.orgs import (
    CODE_PATTERN,
    OrgCreate,
    OrgLevel,
    OrgList,
    OrgOut,
    OrgUpdate,
    UserCreate,
    UserOut,
)
from api.schemas.text import Text
from api.services import org_edit, orgs
from api.services.idempotency import KeyClaim, keyed_write, sealed

router = APIRouter(prefix="/api/v1", tags=["orgs & users"])


@router.post(
    "/orgs",
    summary="Create an organisation (admin)",
    status_code=status.HTTP_201_CREATED,
    response_model=OrgOut,
    responses=errors(401, 403, 409, 422),
)
async def create_org(
    state: StateDep,
    session: SessionDep,
    admin: AdminUser,
    ip: ClientAddress,
    body: OrgCreate,
    key: IdempotencyKey = None,
) -> OrgOut:
    async def write(claim: KeyClaim | None) -> OrgOut:
        return await orgs.create_org(
            session=session, principal=admin, body=body, ip=ip, claim=claim
        )

    return await keyed_write(
        sessions=state.reads, key=key, username=admin.username, scope="org-create",
        body=body, status_code=201, result_type=OrgOut, write=write,
    )  # fmt: skip


@router.get(
    "/orgs",
    summary="List organisations, optionally by level or parent",
    response_model=OrgList,
    responses=errors(401, 422),
)
async def list_orgs(
    session: SessionDep,
    _principal: CurrentUser,
    level: OrgLevel | None = None,
    parent_code: Annotated[Text | None, Query(max_length=64)] = None,
) -> OrgList:
    return await orgs.list_orgs(session=session, level=level, parent_code=parent_code)


@router.get(
    "/orgs/{code}",
    summary="One organisation",
    response_model=OrgOut,
    responses=errors(401, 404),
)
async def get_org(
    session: SessionDep,
    _principal: CurrentUser,
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
) -> OrgOut:
    return await orgs.get_org(session=session, code=code)


@router.patch(
    "/orgs/{code}",
    summary="Change an organisation's name, kind (units), doc_symbol or locality (admin)",
    description="Validated as at creation; `code`, `level` and `parent_code` cannot be changed "
    "(422 naming the field). Decision numbers already issued keep their text and dossiers "
    "already submitted keep their route: a new `doc_symbol` or `kind` applies from then on.",
    response_model=OrgOut,
    responses=errors(401, 403, 404, 422),
)
async def update_org(
    session: SessionDep,
    admin: AdminUser,
    ip: ClientAddress,
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: OrgUpdate,
) -> OrgOut:
    return await org_edit.update_org(session=session, principal=admin, code=code, body=body, ip=ip)


@router.post(
    "/users",
    summary="Create a user account (admin)",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses=errors(401, 403, 409, 422),
)
async def create_user(
    state: StateDep,
    session: SessionDep,
    admin: AdminUser,
    ip: ClientAddress,
    body: UserCreate,
    key: IdempotencyKey = None,
) -> UserOut:
    async def write(claim: KeyClaim | None) -> UserOut:
        return await orgs.create_user(
            session=session, principal=admin, body=body, ip=ip, claim=claim
        )

    # The request hash holds the password only sealed (idempotency.sealed), never as sent.
    hashed = body.model_copy(update={"password": sealed(state.settings, "user", body.password)})
    return await keyed_write(
        sessions=state.reads, key=key, username=admin.username, scope="user-create",
        body=hashed, status_code=201, result_type=UserOut, write=write,
    )  # fmt: skip


@router.get(
    "/users",
    summary="List user accounts (admin), optionally of one org",
    response_model=list[UserOut],
    responses=errors(401, 403, 422),
)
async def list_users(
    session: SessionDep,
    admin: AdminUser,
    org_code: Annotated[Text | None, Query(max_length=64)] = None,
) -> list[UserOut]:
    return await orgs.list_users(session=session, principal=admin, org_code=org_code)
