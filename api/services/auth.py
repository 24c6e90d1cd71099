"""Authentication: argon2 password check, throttled sign-in, JWT issue, verification, revocation.

A token carries `jti` (its id, for logout) and `ver` (the account's token version when it was
issued). Every request reloads the account, so a disabled account, a bumped token version
(password change, deactivation) or a revoked `jti` ends the session at once, on every replica.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Unauthorized
from api.services import login_throttle
from core.security import hash_password, verify_password
from core.settings import Settings
from store.repositories import users
from store.repositories.audit import record_audit
from store.repositories.users import UserRow

ALGORITHM = "HS256"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verifying against a real hash when the user is unknown keeps both failures equally slow."""
    return hash_password("tdkt-timing-equaliser")


async def _dummy_hash_async() -> str:
    return await asyncio.to_thread(_dummy_hash)


BAD_CREDENTIALS = "msg.incorrect_username_or_password"  # msgid: AppError words it
BAD_TOKEN = "msg.invalid_or_expired_token"  # msgid


async def password_matches(user: UserRow | None, password: str) -> bool:
    # argon2 takes tens of milliseconds of CPU: off the event loop, in a worker thread.
    if user is None:
        await asyncio.to_thread(verify_password, password, await _dummy_hash_async())
        return False
    return await asyncio.to_thread(verify_password, password, user.password_hash)


def encode_token(settings: Settings, user: UserRow) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": user.username,
        "org": user.org_code,
        "roles": list(user.roles),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.jwt_ttl_minutes)).timestamp()),
        "jti": uuid.uuid4().hex,
        "ver": user.token_version,
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=ALGORITHM)


async def issue_token(
    *, session: AsyncSession, settings: Settings, username: str, password: str, ip: str
) -> str:
    """A token for a correct username and password; 401 otherwise, 429 while throttled.

    Every outcome is audited and committed, the refusals included.
    """
    await login_throttle.check(session=session, settings=settings, username=username, ip=ip)
    user = await users.get_by_username(session=session, username=username)
    ok = await password_matches(user, password)
    if user is None or not ok or not user.active:
        await login_throttle.failed(session=session, settings=settings, username=username, ip=ip)
        await session.commit()
        raise Unauthorized(BAD_CREDENTIALS)
    await login_throttle.succeeded(session=session, username=username)
    await record_audit(session, user.username, "auth.login", user.username, ip)
    await session.commit()
    return encode_token(settings, user)


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
    jti = claims.get("jti")
    user, revoked = await users.get_with_revocation(
        session=session, username=str(claims["sub"]), jti=jti if isinstance(jti, str) else None
    )
    if user is None or not user.active or claims.get("ver", 0) != user.token_version or revoked:
        raise Unauthorized(BAD_TOKEN)
    return Principal(
        username=user.username,
        full_name=user.full_name,
        org_code=user.org_code,
        roles=frozenset(user.roles),
        token_id=jti if isinstance(jti, str) else None,
        token_expires=int(claims["exp"]),
    )


async def revoke(*, session: AsyncSession, principal: Principal, ip: str) -> None:
    """Sign out: the token of this request stops working on every replica (audited)."""
    if principal.token_id is not None and principal.token_expires is not None:
        await users.revoke_token(
            session=session,
            jti=principal.token_id[:64],
            username=principal.username,
            expires_at=datetime.fromtimestamp(principal.token_expires, UTC),
        )
    await record_audit(session, principal.username, "auth.logout", principal.username, ip)
    await session.commit()
