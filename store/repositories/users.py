"""User accounts (users table)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    any_,
    bindparam,
    delete,
    exists,
    false,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import RevokedToken, User


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    org_code: str
    roles: tuple[str, ...]
    email: str | None
    active: bool
    password_hash: str
    token_version: int = 0


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        org_code=user.org_code,
        roles=tuple(user.roles),
        email=user.email,
        active=user.active,
        password_hash=user.password_hash,
        token_version=user.token_version,
    )


def same_username(username: str) -> ColumnElement[bool]:
    """Usernames are one account whatever their case: "LV.Officer" is lv.officer. New accounts
    are stored in lower case (api.schemas.orgs); an older one keeps its spelling, found through
    the unique index on lower(username) (migration 0020)."""
    return func.lower(User.username) == username.lower()


async def get_by_username(*, session: AsyncSession, username: str) -> UserRow | None:
    user = await session.scalar(select(User).where(same_username(username)))
    return None if user is None else _row(user)


@functools.cache
def _user_and_revocation(has_jti: bool) -> Select[User, bool]:
    # built once (every request asks): no statement construction, no cache-key walk per call
    revoked = exists().where(RevokedToken.jti == bindparam("jti")) if has_jti else false()
    return select(User, revoked.label("revoked")).where(User.username == bindparam("username"))


async def get_with_revocation(
    *, session: AsyncSession, username: str, jti: str | None
) -> tuple[UserRow | None, bool]:
    """The user and whether token ``jti`` is revoked, in one round trip (every request)."""
    stmt, params = _user_and_revocation(jti is not None), {"username": username, "jti": jti}
    found = (await session.execute(stmt, params)).first()
    if found is None:
        return None, False
    return _row(found[0]), bool(found[1])


async def create(
    *,
    session: AsyncSession,
    username: str,
    password_hash: str,
    full_name: str,
    org_code: str,
    roles: list[str],
    email: str | None = None,
) -> UserRow | None:
    """Insert the user; None when the username is taken."""
    stmt = (
        insert(User)
        .values(
            username=username,
            password_hash=password_hash,
            full_name=full_name,
            org_code=org_code,
            roles=roles,
            email=email,
        )
        .on_conflict_do_nothing()  # username or lower(username) (migration 0020)
        .returning(User)
    )
    user = (await session.execute(stmt)).scalar_one_or_none()
    return None if user is None else _row(user)


async def list_(*, session: AsyncSession, org_code: str | None = None) -> list[UserRow]:
    stmt = select(User).order_by(User.username)
    if org_code is not None:
        stmt = stmt.where(User.org_code == org_code)
    return [_row(u) for u in (await session.scalars(stmt)).all()]


async def update_user(
    *, session: AsyncSession, username: str, revoke_tokens: bool, **values: Any
) -> UserRow | None:
    """Change the given columns; `revoke_tokens` bumps the token version (older tokens die)."""
    stmt = update(User).where(same_username(username))
    if revoke_tokens:
        stmt = stmt.values(token_version=User.token_version + 1)
    if values:
        stmt = stmt.values(**values)
    user = (await session.execute(stmt.returning(User))).scalar_one_or_none()
    return None if user is None else _row(user)


def _active_admin() -> ColumnElement[bool]:
    return User.active.is_(True) & (literal("admin") == any_(User.roles))


async def lock_active_admins(*, session: AsyncSession) -> list[str]:
    """The usernames of the active admins, their rows locked until the transaction ends.

    Two admins demoting each other at once would each still see the other as admin; the lock
    makes the second wait, then see the first's change (READ COMMITTED re-checks the rows).
    """
    stmt = select(User.username).where(_active_admin()).order_by(User.id).with_for_update()
    return list((await session.scalars(stmt)).all())


async def restore_admin(*, session: AsyncSession, username: str) -> bool:
    """If no account is an active admin, give `username` its admin role back and reactivate it.

    True when it did (the bootstrap account is how an operator gets back in)."""
    if await session.scalar(select(exists().where(_active_admin()))):
        return False
    stmt = (
        update(User)
        .where(same_username(username))
        .values(
            active=True,
            roles=func.array_append(func.array_remove(User.roles, "admin"), "admin"),
        )
    )
    return (await session.scalar(stmt.returning(User.id))) is not None


async def revoke_token(
    *, session: AsyncSession, jti: str, username: str, expires_at: datetime
) -> None:
    stmt = insert(RevokedToken).values(jti=jti, username=username, expires_at=expires_at)
    await session.execute(stmt.on_conflict_do_nothing(index_elements=[RevokedToken.jti]))
    # An expired token is refused anyway: its revocation need not be kept (indexed delete).
    await session.execute(delete(RevokedToken).where(RevokedToken.expires_at < func.now()))


async def is_revoked(*, session: AsyncSession, jti: str) -> bool:
    return bool(await session.scalar(select(exists().where(RevokedToken.jti == jti))))
