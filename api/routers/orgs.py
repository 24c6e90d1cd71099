"""Organisations and users (contract §3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep
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

router = APIRouter(prefix="/api/v1", tags=["orgs & users"])


@router.post(
    "/orgs",
    summary="Create an organisation (admin)",
    status_code=status.HTTP_201_CREATED,
    response_model=OrgOut,
    responses=errors(401, 403, 409, 422),
)
async def create_org(
    session: SessionDep, admin: AdminUser, ip: ClientAddress, body: OrgCreate
) -> OrgOut:
    return await orgs.create_org(session=session, principal=admin, body=body, ip=ip)


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
    session: SessionDep, admin: AdminUser, ip: ClientAddress, body: UserCreate
) -> UserOut:
    return await orgs.create_user(session=session, principal=admin, body=body, ip=ip)


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
