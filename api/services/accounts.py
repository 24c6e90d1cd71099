"""Account administration with session consequences, and the audit log (contract §16).

Disabling an account, resetting or changing its password bump its token version, so every
token issued before stops working at once (on every replica: each request reloads the account).
Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Forbidden, Invalid, NotFound
from api.schemas.orgs import Token, UserRole
from api.schemas.security import (
    AuditItem,
    AuditPage,
    PasswordChange,
    UserStatus,
    UserUpdate,
)
from api.services import auth, login_throttle
from core.i18n import _
from core.security import hash_password
from core.settings import Settings
from store.repositories import audit, orgs, throttle, users
from store.repositories.audit import record_audit


def _no_user(username: str) -> NotFound:
    return NotFound(_("msg.no_account_username", username=username))


async def _status(session: AsyncSession, username: str, active: bool) -> UserStatus:
    state = await throttle.blocked(session=session, keys=[login_throttle.account_key(username)])
    return UserStatus(username=username, active=active, locked=bool(state and state[1]))


def _removes_admin(body: UserUpdate) -> str | None:
    """The field by which this change takes an account's admin powers away, if it does."""
    if body.active is False:
        return "active"
    if body.roles is not None and UserRole.admin not in body.roles:
        return "roles"
    return None


async def _keep_an_admin(
    session: AsyncSession, principal: Principal, username: str, body: UserUpdate
) -> None:
    """An admin cannot disable or demote themself, and no change may leave the system without
    an active admin (nobody could manage accounts, orgs or the calendar any more)."""
    field = _removes_admin(body)
    if field is None:
        return
    if username.lower() == principal.username.lower():
        words = {
            "active": "msg.you_cannot_disable_your_own_account",
            "roles": "msg.you_cannot_remove_your_own_admin_role",
        }
        raise Invalid.field(field, _(words[field]))
    admins = await users.lock_active_admins(session=session)
    if admins and not [a for a in admins if a.lower() != username.lower()]:
        raise Invalid.field(field, _("msg.at_least_one_active_admin_must_remain"))


async def update_user(
    *, session: AsyncSession, principal: Principal, username: str, body: UserUpdate, ip: str
) -> UserStatus:
    if not body.model_fields_set:  # an empty PATCH would be an UPDATE without columns
        raise Invalid.field("body", _("msg.nothing_to_change"))
    values: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"password"})
    if "roles" in values:
        values["roles"] = sorted({r.value for r in body.roles or []})
    if values.get("org_code") is not None and not await orgs.get(
        session=session, code=values["org_code"]
    ):
        raise Invalid.field("org_code", _("msg.no_org_org_code", org_code=body.org_code))
    await _keep_an_admin(session, principal, username, body)
    if body.password is not None:
        values["password_hash"] = await asyncio.to_thread(hash_password, body.password)
    revoke = body.active is False or body.password is not None
    row = await users.update_user(
        session=session, username=username, revoke_tokens=revoke, **values
    )
    if row is None:
        raise _no_user(username)
    username = row.username  # as stored: the path may spell it in another case
    fields = ",".join(sorted(body.model_dump(exclude_unset=True)))
    await record_audit(session, principal.username, "user.updated", f"{username} [{fields}]", ip)
    if revoke:
        await record_audit(session, principal.username, "auth.tokens_revoked", username, ip)
    await session.commit()
    return await _status(session, username, row.active)


async def unlock(
    *, session: AsyncSession, principal: Principal, username: str, ip: str
) -> UserStatus:
    row = await users.get_by_username(session=session, username=username)
    if row is None:
        raise _no_user(username)
    await login_throttle.unlock(session=session, username=username)
    await record_audit(session, principal.username, "user.unlocked", username, ip)
    await session.commit()
    return UserStatus(username=username, active=row.active, locked=False)


async def change_password(
    *,
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    body: PasswordChange,
    ip: str,
) -> Token:
    """The caller's own password; every earlier token (this one too) ends, a new one is issued."""
    await login_throttle.check(
        session=session, settings=settings, username=principal.username, ip=ip
    )
    user = await users.get_by_username(session=session, username=principal.username)
    if user is None or not await auth.password_matches(user, body.current_password):
        await login_throttle.failed(
            session=session, settings=settings, username=principal.username, ip=ip
        )
        await session.commit()
        raise Forbidden.field("current_password", _("msg.the_current_password_is_wrong"))
    if body.new_password == body.current_password:
        raise Invalid.field("new_password", _("msg.the_new_password_must_differ"))
    password_hash = await asyncio.to_thread(hash_password, body.new_password)
    row = await users.update_user(
        session=session, username=user.username, revoke_tokens=True, password_hash=password_hash
    )
    assert row is not None
    await record_audit(session, user.username, "user.password_changed", user.username, ip)
    await record_audit(session, user.username, "auth.tokens_revoked", user.username, ip)
    await session.commit()
    return Token(access_token=auth.encode_token(settings, row))


async def audit_log(
    *,
    session: AsyncSession,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> AuditPage:
    rows, total = await audit.search(
        session=session, actor=actor, action=action, since=since, limit=limit, offset=offset
    )
    items = [
        AuditItem(at=r.at, actor=r.actor, action=r.action, target=r.target, ip=r.ip) for r in rows
    ]
    return AuditPage(items=items, total=total)
