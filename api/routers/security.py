"""Sessions, account administration and the audit log (contract §16).

Admin-only routes take `AdminUser`: the role is checked as a dependency, before the body or
the query is validated, so a caller without the role learns nothing about the schema (403).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep, StateDep
from api.schemas.common import BusinessTime, EmptyBody, errors
from api.schemas.orgs import Token
from api.schemas.security import AuditPage, PasswordChange, UserStatus, UserUpdate
from api.schemas.text import Text
from api.services import accounts, auth

router = APIRouter(prefix="/api/v1", tags=["sessions & audit"])
Username = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.@-]{2,64}$")]


@router.post(
    "/auth/logout",
    summary="Sign out: revoke the bearer token of this request (on every replica)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=errors(401, 422),
)
async def logout(
    session: SessionDep, principal: CurrentUser, ip: ClientAddress, _body: EmptyBody = None
) -> None:
    await auth.revoke(session=session, principal=principal, ip=ip)


@router.post(
    "/me/password",
    summary="Change your password: every earlier token ends; a new token is returned",
    response_model=Token,
    responses=errors(401, 403, 422, 429),
)
async def change_password(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    ip: ClientAddress,
    body: PasswordChange,
) -> Token:
    return await accounts.change_password(
        session=session, settings=state.settings, principal=principal, body=body, ip=ip
    )


@router.patch(
    "/users/{username}",
    summary="Change an account (admin); `active: false` or a new password revokes its tokens",
    response_model=UserStatus,
    responses=errors(401, 403, 404, 422),
)
async def update_user(
    session: SessionDep, admin: AdminUser, ip: ClientAddress, username: Username, body: UserUpdate
) -> UserStatus:
    return await accounts.update_user(
        session=session, principal=admin, username=username, body=body, ip=ip
    )


@router.post(
    "/users/{username}/unlock",
    summary="Lift the login lockout of an account (admin)",
    response_model=UserStatus,
    responses=errors(401, 403, 404, 422),
)
async def unlock(
    session: SessionDep,
    admin: AdminUser,
    ip: ClientAddress,
    username: Username,
    _body: EmptyBody = None,
) -> UserStatus:
    return await accounts.unlock(session=session, principal=admin, username=username, ip=ip)


@router.get(
    "/audit",
    summary="The audit log (admin): sign-ins, revocations, account, org and calendar changes",
    response_model=AuditPage,
    responses=errors(401, 403, 422),
)
async def audit_log(
    session: SessionDep,
    _admin: AdminUser,
    actor: Annotated[Text | None, Query(max_length=200)] = None,
    action: Annotated[Text | None, Query(max_length=64)] = None,
    since: Annotated[
        BusinessTime | None,
        Query(description="ISO-8601; without a UTC offset it is Vietnam time (UTC+7)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AuditPage:
    return await accounts.audit_log(
        session=session, actor=actor, action=action, since=since, limit=limit, offset=offset
    )
