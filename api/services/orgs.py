"""Organisations and user accounts (admin), and the caller's own profile."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Conflict, Invalid, NotFound
from api.schemas.orgs import Me, OrgCreate, OrgLevel, OrgList, OrgOut, UserCreate, UserOut
from api.services.idempotency import KeyClaim
from core.i18n import _
from core.security import hash_password
from domain.levels import Level, OrgKind, rank
from domain.org_names import default_doc_symbol, locality_of
from store.repositories import orgs, users
from store.repositories.audit import record_audit
from store.repositories.orgs import OrgRow
from store.repositories.users import UserRow

STATE_LEVELS = frozenset({Level.central, Level.government, Level.president})
ROOT_LEVELS = frozenset({Level.province, Level.ministry})


def org_out(row: OrgRow, tree: Mapping[str, OrgRow]) -> OrgOut:
    """The org as the API shows it; `tree` holds its ancestors (for the derived place name)."""
    level = OrgLevel(row.level)
    kind = row.kind or (OrgKind.internal.value if level is Level.unit else None)
    return OrgOut(
        code=row.code,
        name=row.name,
        level=level,
        parent_code=row.parent_code,
        kind=None if kind is None else OrgKind(kind),
        doc_symbol=row.doc_symbol or default_doc_symbol(row.code, level, row.name),
        locality=locality_of(row.code, {**tree, row.code: row}),
    )


def user_out(row: UserRow) -> UserOut:
    return UserOut.model_validate(
        {
            "username": row.username,
            "full_name": row.full_name,
            "org_code": row.org_code,
            "roles": list(row.roles),
            "email": row.email,
            "active": row.active,
        }
    )


async def _check_parent(session: AsyncSession, body: OrgCreate) -> None:
    level = Level(body.level.value)
    if level in STATE_LEVELS or level in ROOT_LEVELS:
        if body.parent_code is not None:
            raise Invalid.field(
                "parent_code",
                _("msg.a_value_org_has_no_parent", value=_(f"level.{level.value}")),
            )
        return
    if body.parent_code is None:
        raise Invalid.field(
            "parent_code",
            _("msg.a_value_org_needs_a_parent", value=_(f"level.{level.value}")),
        )
    parent = await orgs.get(session=session, code=body.parent_code)
    if parent is None:
        raise Invalid.field(
            "parent_code",
            _("msg.no_org_parent_code", parent_code=body.parent_code),
        )
    parent_level = Level(parent.level)
    unit_in_unit = level is Level.unit and parent_level is Level.unit  # a team in a school
    if parent_level in STATE_LEVELS or (rank(parent_level) <= rank(level) and not unit_in_unit):
        raise Invalid.field(
            "parent_code",
            _(
                "msg.a_value_org_cannot_be_the",
                value=_(f"level.{parent_level.value}"),
                value2=_(f"level.{level.value}"),
            ),
        )


def _kind(body: OrgCreate) -> OrgKind | None:
    if body.level is not Level.unit:
        if body.kind is not None:
            raise Invalid.field(
                "kind",
                _("msg.only_unit_orgs_have_a_kind", value=_(f"level.{body.level.value}")),
            )
        return None
    return body.kind or OrgKind.internal


async def _require_new_code(session: AsyncSession, code: str) -> None:
    """409 naming the org that already has ``code`` (org codes are one whatever their case)."""
    taken = await orgs.same_code(session=session, code=code)
    if taken is not None:
        message = _("msg.org_code_taken", code=code, org=taken.name, existing=taken.code)
        raise Conflict.field("code", message, model=OrgCreate)


async def create_org(
    *,
    session: AsyncSession,
    principal: Principal,
    body: OrgCreate,
    ip: str,
    claim: KeyClaim | None = None,
) -> OrgOut:
    """``claim``: the Idempotency-Key this request holds, answered in the transaction of the
    write (``idempotency.keyed_write``)."""
    require_admin(principal)
    kind = _kind(body)
    await _require_new_code(session, body.code)
    await _check_parent(session, body)
    level = Level(body.level.value)
    if level in STATE_LEVELS and await orgs.exists_at_level(session=session, level=level.value):
        message = _("msg.there_is_already_a_value_org", value=_(f"level.{level.value}"))
        raise Conflict.field("level", message)
    if not await orgs.create(
        session=session,
        code=body.code,
        name=body.name,
        level=level.value,
        parent_code=body.parent_code,
        kind=None if kind is None else kind.value,
        doc_symbol=body.doc_symbol or default_doc_symbol(body.code, level, body.name),
        locality=body.locality,
    ):
        await _require_new_code(session, body.code)  # a concurrent create took it: name it
        raise Conflict.field(
            "code", _("msg.org_code_code_already_exists", code=body.code), model=OrgCreate
        )
    await record_audit(session, principal.username, "org.created", body.code, ip)
    answer = await get_org(session=session, code=body.code)  # this transaction's own row
    if claim is not None:
        await claim.record(session, answer)
    await session.commit()
    return answer


async def get_org(*, session: AsyncSession, code: str) -> OrgOut:
    row = await orgs.get(session=session, code=code)
    if row is None:
        raise NotFound(_("msg.org_code_not_found", code=code))
    return org_out(row, await orgs.with_ancestors(session=session, rows=[row]))


async def list_orgs(
    *, session: AsyncSession, level: OrgLevel | None, parent_code: str | None
) -> OrgList:
    rows = await orgs.list_(
        session=session, level=None if level is None else level.value, parent_code=parent_code
    )
    tree = await orgs.with_ancestors(session=session, rows=rows)
    return OrgList(items=[org_out(r, tree) for r in rows])


async def create_user(
    *,
    session: AsyncSession,
    principal: Principal,
    body: UserCreate,
    ip: str,
    claim: KeyClaim | None = None,
) -> UserOut:
    """``claim``: as ``create_org``'s."""
    require_admin(principal)
    if await orgs.get(session=session, code=body.org_code) is None:
        raise Invalid.field("org_code", _("msg.no_org_org_code", org_code=body.org_code))
    password_hash = await asyncio.to_thread(hash_password, body.password)  # off the event loop
    row = await users.create(
        session=session,
        username=body.username,
        password_hash=password_hash,
        full_name=body.full_name,
        org_code=body.org_code,
        roles=sorted({r.value for r in body.roles}),
        email=body.email,
    )
    if row is None:
        raise Conflict.field(
            "username", _("msg.username_username_is_taken", username=body.username)
        )
    roles = ",".join(row.roles)
    target = f"{body.username} [{body.org_code}: {roles}]"
    await record_audit(session, principal.username, "user.created", target, ip)
    answer = user_out(row)
    if claim is not None:
        await claim.record(session, answer)
    await session.commit()
    return answer


async def list_users(
    *, session: AsyncSession, principal: Principal, org_code: str | None
) -> list[UserOut]:
    require_admin(principal)
    return [user_out(r) for r in await users.list_(session=session, org_code=org_code)]


async def me(*, session: AsyncSession, principal: Principal) -> Me:
    org = await get_org(session=session, code=principal.org_code)
    user = await users.get_by_username(session=session, username=principal.username)
    if user is None:
        raise NotFound(_("msg.account_no_longer_exists"))
    return Me(**user_out(user).model_dump(), org=org)
