"""Annotated dependencies: the app state, a request session, the authenticated principal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_admin, require_role
from api.errors import Unauthorized
from api.params import refuse_repeated_query
from api.services import auth
from api.state import AppState
from core.i18n import _
from store.db import transaction
from store.repositories.audit import record_audit

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def get_state(request: Request) -> AppState:
    # async: FastAPI runs a plain `def` dependency in its thread pool (a thread hop per request)
    state: AppState = request.app.state.tdkt
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def get_session(state: StateDep) -> AsyncIterator[AsyncSession]:
    """A session per request. Services commit explicitly; anything uncommitted rolls back."""
    async with state.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_read_session(state: StateDep) -> AsyncIterator[AsyncSession]:
    """A session for a request that only reads (store.db.make_read_sessionmaker)."""
    async with state.reads() as session:
        yield session


ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session)]


async def authenticated(
    state: StateDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    """The caller from the bearer token (401 without a valid one), once per request."""
    if not token:
        raise Unauthorized(_("msg.missing_bearer_token"))
    # A session of its own, back in the pool before the handler runs: a request must never
    # hold one connection while it waits for another (200 concurrent decisions, issue 13).
    async with state.reads() as session:
        return await auth.principal_from_token(
            session=session, settings=state.settings, token=token
        )


Authenticated = Annotated[Principal, Depends(authenticated)]


async def get_principal(request: Request, principal: Authenticated) -> Principal:
    """The authenticated caller; then a query parameter sent twice is refused (422), after
    the 401 and before the route's own validation."""
    refuse_repeated_query(request)
    return principal


CurrentUser = Annotated[Principal, Depends(get_principal)]


async def get_admin(request: Request, principal: Authenticated) -> Principal:
    """The caller, who must be an admin: 401/403 before any body or query is validated."""
    require_admin(principal)
    refuse_repeated_query(request)
    return principal


AdminUser = Annotated[Principal, Depends(get_admin)]


def requires_role(*roles: Role) -> Any:
    """A route dependency: 401/403 unless the caller holds one of `roles`, before validation.

    For routes where the role alone already decides (the org checks stay in the services).
    """

    async def holds_role(request: Request, principal: Authenticated) -> Principal:
        require_role(principal, *roles)
        refuse_repeated_query(request)
        return principal

    return Depends(holds_role)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _client_address(request: Request) -> str:
    # async: FastAPI runs a plain `def` dependency in its thread pool (a thread hop per request)
    return client_address(request)


ClientIp = Annotated[str, Depends(_client_address)]


ClientAddress = Annotated[str, Depends(_client_address)]


async def _audit_read(
    request: Request, state: StateDep, principal: CurrentUser
) -> AsyncIterator[None]:
    """Record a successful read of personal data or papers (a download, an export) in the
    audit log, in a transaction of its own, once the endpoint has answered without error."""
    yield
    async with transaction(state.sessions) as session:
        await record_audit(
            session,
            principal.username,
            "document.downloaded",
            request.url.path[:300],
            client_address(request),
        )


AuditedRead = Depends(_audit_read)
