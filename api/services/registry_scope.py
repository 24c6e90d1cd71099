"""Who may read and write the registers: an org's subtree; admins everything (contract §12).

Identity numbers and birth dates are personal data: they are returned only with records of
orgs in the caller's subtree (or to admins). Listing is already limited to that subtree, and
:func:`person_out` enforces it again per record, so a wider listing could not leak them.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_org_in_scope, require_role
from api.errors import Invalid
from api.field_labels import field_label, labelled
from api.schemas.registry import PersonOut
from api.schemas.registry_fields import text_problem
from core.i18n import _
from domain.registry import normalise_name
from store.repositories import orgs as org_repo
from store.repositories import registry as repo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def search_key(q: str | None) -> str | None:
    """The person key searched for by ``q`` (422 for control characters)."""
    if q is None:
        return None
    problem = text_problem(q)
    if problem is not None:
        raise Invalid.field("q", labelled(field_label("q"), problem))
    return normalise_name(q)


def today() -> date:
    return datetime.now(VIETNAM).date()


async def visible_orgs(session: AsyncSession, principal: Principal) -> set[str] | None:
    """Org codes whose personal data the caller may see; None = all (admin)."""
    if principal.is_admin:
        return None
    return await repo.org_codes(session=session, root=principal.org_code)


async def read_root(
    session: AsyncSession, principal: Principal, org_code: str | None
) -> str | None:
    """The subtree a list covers: ``org_code`` (403 when outside the caller's) or the caller's."""
    if org_code is None:
        return None if principal.is_admin else principal.org_code
    if await org_repo.get(session=session, code=org_code) is None:
        raise Invalid.field("org_code", _("msg.unknown_org", org_code=repr(org_code)))
    if not principal.is_admin:
        subtree = await repo.org_codes(session=session, root=principal.org_code)
        await require_org_in_scope(session, principal, org_code, subtree, field="org_code")
    return org_code


async def require_writer(session: AsyncSession, principal: Principal, org_code: str) -> None:
    """Officers write for their org and the orgs below it; admins for any org."""
    require_role(principal, Role.officer, Role.admin)
    if await org_repo.get(session=session, code=org_code) is None:
        raise Invalid.field("org_code", _("msg.unknown_org", org_code=repr(org_code)))
    if not principal.is_admin:
        subtree = await repo.org_codes(session=session, root=principal.org_code)
        await require_org_in_scope(session, principal, org_code, subtree, field="org_code")


def person_out(
    name: str,
    birth_date: date | None,
    identity_number: str | None,
    org_code: str,
    visible: set[str] | None,
) -> PersonOut:
    if visible is not None and org_code not in visible:
        return PersonOut(name=name)
    return PersonOut(name=name, birth_date=birth_date, identity_number=identity_number)
