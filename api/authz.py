"""Authorization in one place: roles × organisation scope.

* Roles: ``officer`` (drafts, submits, resubmits, withdraws its own org's dossiers), ``chair``
  (decides at its own org), ``viewer`` (reads), ``admin`` (orgs, users, calendar; reads all).
* Scope: a user sees dossiers proposed by their org or its descendants, and dossiers whose route
  passes through their org. A dossier out of scope answers 404 (its existence is not revealed);
  a dossier in scope but an action the role or org may not take answers 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from api.domain_text import needs_role
from api.errors import Forbidden, Invalid, NotFound
from core.i18n import _
from store.repositories.orgs import names


class Role(StrEnum):
    officer = "officer"
    chair = "chair"
    viewer = "viewer"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    username: str
    full_name: str
    org_code: str
    roles: frozenset[str]
    # The bearer token this request came with: its id (for logout) and expiry (Unix time).
    token_id: str | None = None
    token_expires: int | None = None

    def has(self, role: Role) -> bool:
        return role.value in self.roles

    @property
    def is_admin(self) -> bool:
        return self.has(Role.admin)


@dataclass(frozen=True)
class DossierScope:
    """What authorization needs to know about one dossier."""

    id: str
    proposer_org: str
    route_orgs: tuple[str, ...]
    stage_org: str | None
    proposer_in_caller_subtree: bool
    draft: bool = False  # never submitted (a draft, or withdrawn as one): its org's only (§13)


def require_role(principal: Principal, *roles: Role) -> None:
    """403 unless the caller holds one of ``roles``."""
    if not any(principal.has(role) for role in roles):
        raise Forbidden(needs_role([role.value for role in roles]))


def require_admin(principal: Principal) -> None:
    require_role(principal, Role.admin)


def can_see(principal: Principal, dossier: DossierScope) -> bool:
    if dossier.draft:
        return principal.org_code == dossier.proposer_org
    return (
        principal.is_admin
        or dossier.proposer_in_caller_subtree
        or principal.org_code in dossier.route_orgs
    )


def not_found(dossier_id: str) -> NotFound:
    return NotFound(_("msg.dossier_dossier_id_not_found", dossier_id=dossier_id))


def require_visible(principal: Principal, dossier: DossierScope | None, dossier_id: str) -> None:
    """404 when the dossier does not exist or lies outside the caller's scope."""
    if dossier is None or not can_see(principal, dossier):
        raise not_found(dossier_id)


async def org_name(session: AsyncSession, code: str) -> str:
    """The org's name for a refusal (a code that names no org is shown as typed)."""
    return (await names(session, [code])).get(code, code)


async def require_proposer_officer(
    session: AsyncSession, principal: Principal, proposer_org: str, *, field: str | None = None
) -> None:
    """403 unless the caller is an officer of the proposing org (named in the refusal); about
    ``field`` when the client sent the org (a body's ``proposer_org``), and then a code that
    names no org is a 422 (invalid input), not a 403 (no permission)."""
    require_role(principal, Role.officer)
    if principal.org_code != proposer_org:
        org = await _known_name(session, proposer_org, field)
        raise _refused(field, _("msg.only_an_officer_of_proposer_org", org=org))


async def _known_name(session: AsyncSession, code: str, field: str | None) -> str:
    """The org's name for a refusal; 422 naming ``field`` (what the client sent) when the code
    names no org: "no such org" is bad input, only a real org out of reach is a 403."""
    found = (await names(session, [code])).get(code)
    if found is not None:
        return found
    if field is None:  # a code the server itself holds (a dossier's proposer): shown as is
        return code
    raise Invalid.field(field, _("msg.unknown_org", org_code=repr(code)))


def _refused(field: str | None, message: str) -> Forbidden:
    return Forbidden(message) if field is None else Forbidden.field(field, message)


def require_stage_chair(principal: Principal, stage_org: str | None) -> None:
    """403 unless the caller chairs the org the dossier waits at."""
    require_role(principal, Role.chair)
    if stage_org is None or principal.org_code != stage_org:
        raise Forbidden(_("msg.only_the_chair_of_the_org"))


async def require_org_in_scope(
    session: AsyncSession,
    principal: Principal,
    org_code: str,
    subtree: Iterable[str],
    *,
    field: str | None = None,
) -> None:
    """403 unless ``org_code`` is the caller's org or below it (admins see every org); about
    ``field`` when the client sent the code (a query's or body's ``org_code``)."""
    if principal.is_admin or org_code in set(subtree):
        return
    org = await _known_name(session, org_code, field)
    raise _refused(field, _("msg.org_org_code_is_outside_your", org=org))
