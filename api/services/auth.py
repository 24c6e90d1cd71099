"""Authentication: argon2 password check, JWT issue and verification."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Unauthorized
from core.security import hash_password, verify_password
from core.settings import Settings
from store.repositories import users

ALGORITHM = "HS256"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verifying against a real hash when the user is unknown keeps both failures equally slow."""
    return hash_password("tdkt-timing-equaliser")


async def _dummy_hash_async() -> str:
    return await asyncio.to_thread(_dummy_hash)


BAD_CREDENTIALS = "Sai tên đăng nhập hoặc mật khẩu / Incorrect username or password"
BAD_TOKEN = "Mã truy cập không hợp lệ hoặc đã hết hạn / Invalid or expired token"


async def issue_token(
    *, session: AsyncSession, settings: Settings, username: str, password: str
) -> str:
    user = await users.get_by_username(session=session, username=username)
    # argon2 takes tens of milliseconds of CPU: off the event loop, in a worker thread.
    if user is None:
        await asyncio.to_thread(verify_password, password, await _dummy_hash_async())
        raise Unauthorized(BAD_CREDENTIALS)
    if not await asyncio.to_thread(verify_password, password, user.password_hash):
        raise Unauthorized(BAD_CREDENTIALS)
    if not user.active:
        raise Unauthorized(BAD_CREDENTIALS)
    now = datetime.now(UTC)
    claims = {
        "sub": user.username,
        "org": user.org_code,
        "roles": list(user.roles),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.jwt_ttl_minutes)).timestamp()),
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=ALGORITHM)


async def principal_from_token(
    *, session: AsyncSession, settings: Settings, token: str
) -> Principal:
    """Verify the JWT and reload the account, so that deactivation and role changes apply."""
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "iat"]},
        )
    except jwt.PyJWTError:
        raise Unauthorized(BAD_TOKEN) from None
    user = await users.get_by_username(session=session, username=str(claims["sub"]))
    if user is None or not user.active:
        raise Unauthorized(BAD_TOKEN)
    return Principal(
        username=user.username,
        full_name=user.full_name,
        org_code=user.org_code,
        roles=frozenset(user.roles),
    )
