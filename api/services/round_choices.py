"""What the round forms offer: the open rounds a dossier may join, the levels that take a
cut-off in a new round, and the orgs an administrator may open a round for.

The rules stay where the API applies them (``round_links.admit`` when a dossier joins,
``rounds.create`` when a round opens); these only list the choices that will pass them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.schemas.text import first_bad_string
from domain.levels import Level
from domain.round import deadline_for
from domain.round_roles import levels_below
from domain.routes import OrgNode
from store.models import Org
from store.repositories import orgs, rounds

OWNER_LIMIT = 500  # above this many orgs, an administrator types the owner's code


@dataclass(frozen=True)
class RoundChoice:
    """An open round a dossier of the proposer may join."""

    code: str
    name: str
    award_codes: list[str]
    deadline: datetime | None  # the cut-off of the proposer's level
    late: bool  # past it already: the dossier would be marked late


async def open_for(
    session: AsyncSession, proposer_org: str, award_code: str | None, now: datetime
) -> list[RoundChoice]:
    """Open rounds owned by ``proposer_org`` or an org above it, reviewing ``award_code``
    (any award when None), newest first."""
    chain = await orgs.ancestry(session=session, code=proposer_org)
    if not chain:
        return []
    level = Level(chain[0].level)
    found = await rounds.open_owned_by(session=session, owners=[o.code for o in chain])
    choices = []
    for r in found:
        if award_code is not None and award_code not in r.award_codes:
            continue
        due = deadline_for(level, r.deadlines)
        choices.append(
            RoundChoice(r.code, r.name, r.award_codes, due, due is not None and now > due)
        )
    return choices


async def deadline_levels(session: AsyncSession, owner_org: str) -> list[str]:
    """The levels a round of ``owner_org`` may take a cut-off for, those below it (units
    first; an intermediate one only when an award of the round is decided above it, which
    the opening checks): empty when the org is unknown (or the code is not even text: it
    never reaches the database)."""
    if not owner_org or len(owner_org) > 64 or first_bad_string(owner_org) is not None:
        return []
    nodes = [
        OrgNode(o.code, Level(o.level), o.parent_code)
        for o in await rounds.subtree_nodes(session=session, code=owner_org)
    ]
    owner = next((n for n in nodes if n.code == owner_org), None)
    if owner is None:
        return []
    return [level.value for level in levels_below(owner, nodes)]


async def has_units_below(session: AsyncSession, org_code: str) -> bool:
    """True when some org lies below ``org_code`` (a round of it has someone to wait for)."""
    found = await session.scalar(select(Org.code).where(Org.parent_code == org_code).limit(1))
    return found is not None


async def owner_choices(session: AsyncSession) -> list[tuple[str, str]]:
    """(code, name) of the orgs with orgs below them, by name, for an administrator's choice;
    empty when there are more than ``OWNER_LIMIT``."""
    child = aliased(Org)
    stmt = (
        select(Org.code, Org.name)
        .where(exists().where(child.parent_code == Org.code))
        .order_by(Org.name, Org.code)
        .limit(OWNER_LIMIT + 1)
    )
    rows = [(r[0], r[1]) for r in await session.execute(stmt)]
    return [] if len(rows) > OWNER_LIMIT else rows
