"""Annotated dependencies: the app state, a request session, the authenticated principal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Unauthorized
from api.services import auth
from api.state import AppState

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.tdkt
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def get_session(state: StateDep) -> AsyncIterator[AsyncSession]:
    """A session per request. Services commit explicitly; anything uncommitted rolls back."""
    async with state.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_principal(
    state: StateDep, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    if not token:
        raise Unauthorized("Thiếu mã truy cập / Missing bearer token")
    return await auth.principal_from_token(session=session, settings=state.settings, token=token)


CurrentUser = Annotated[Principal, Depends(get_principal)]


async def get_admin(principal: CurrentUser) -> Principal:
    """The caller, who must be an admin: 401/403 before any body or query is validated."""
    require_admin(principal)
    return principal


AdminUser = Annotated[Principal, Depends(get_admin)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]
