"""`POST /api/v1/auth/token` (OAuth2 password flow) and `GET /api/v1/me`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form

from api.deps import ClientAddress, CurrentUser, SessionDep, StateDep
from api.schemas.common import errors
from api.schemas.orgs import Me, Token
from api.schemas.text import Secret, Text
from api.services import auth, orgs

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.post(
    "/auth/token",
    summary="Sign in: exchange username and password for a bearer token (JWT)",
    response_model=Token,
    responses=errors(401, 422, 429),
)
async def token(
    state: StateDep,
    session: SessionDep,
    ip: ClientAddress,
    username: Annotated[Text, Form(max_length=64)],
    password: Annotated[Secret, Form(max_length=200)],
) -> Token:
    access = await auth.issue_token(
        session=session, settings=state.settings, username=username, password=password, ip=ip
    )
    return Token(access_token=access)


@router.get(
    "/me",
    summary="The signed-in user, with their org",
    response_model=Me,
    responses=errors(401),
)
async def me(session: SessionDep, principal: CurrentUser) -> Me:
    return await orgs.me(session=session, principal=principal)
