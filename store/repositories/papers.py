"""What the generated papers read: org names, chairs' names, the dossier's decision events.

A decided dossier's papers read the orgs as they stood when it was decided: the deciding
transition stores them (:func:`snapshot_write`, table ``decision_snapshots``) and
:func:`snapshot` gives them back. A dossier decided before that table existed has none; its
papers read the orgs' current data.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select
from sqlalchemy.dialects.postgresql import JSONB, Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.levels import Level
from domain.org_names import default_doc_symbol, locality_of
from store.models import DecisionSnapshot, DossierEvent, Org, User
from store.recordset import Write, table_of


@dataclass(frozen=True)
class OrgInfo:
    code: str
    name: str
    level: str
    parent_code: str | None
    doc_symbol: str | None = None  # None: derived (domain.org_names)
    locality: str | None = None  # None: derived (domain.org_names)
    kind: str | None = None  # a unit's kind (domain.levels.OrgKind); None elsewhere


@dataclass(frozen=True)
class StageEvent:
    at: datetime
    actor: str
    action: str
    level: str | None
    org_code: str | None
    comment: str
    data: dict[str, Any]


@dataclass(frozen=True)
class PaperOrgs:
    """The orgs a dossier's papers name (with their parents) and their chairs' names."""

    orgs: dict[str, OrgInfo]
    chairs: dict[str, str]


@functools.cache
def _named() -> Select[Any]:
    """The orgs ``:paper_codes`` with all their ancestors (a recursive CTE) and, for each, the
    full name of an active chair (the first by username): one round trip however deep the
    tree."""
    org = table_of(Org)
    columns = ("code", "name", "level", "parent_code", "doc_symbol", "locality", "kind")
    wanted: BindParameter[list[str]] = bindparam("paper_codes", expanding=True)
    tree = select(*(org.c[c] for c in columns)).where(org.c.code.in_(wanted))
    tree_cte = tree.cte("paper_orgs", recursive=True)
    parent = org.alias("parent_org")
    tree_cte = tree_cte.union(
        select(*(parent.c[c] for c in columns)).where(parent.c.code == tree_cte.c.parent_code)
    )
    user = table_of(User)
    chair = (
        select(user.c.full_name)
        .where(
            user.c.org_code == tree_cte.c.code,
            user.c.roles.contains(["chair"]),
            user.c.active.is_(True),
        )
        .order_by(user.c.username)
        .limit(1)
        .scalar_subquery()
    )
    return select(tree_cte, chair.label("chair"))


async def named(*, session: AsyncSession, codes: Iterable[str]) -> PaperOrgs:
    """The orgs ``codes`` and their parents as they are now, and the chairs of ``codes``."""
    wanted = set(codes)
    if not wanted:
        return PaperOrgs({}, {})
    rows = (await session.execute(_named(), {"paper_codes": sorted(wanted)})).all()
    found = {
        r.code: OrgInfo(r.code, r.name, r.level, r.parent_code, r.doc_symbol, r.locality, r.kind)
        for r in rows
    }
    chairs = {r.code: r.chair for r in rows if r.code in wanted and r.chair is not None}
    return PaperOrgs(found, chairs)


async def stage_events(*, session: AsyncSession, dossier_id: str) -> list[StageEvent]:
    rows = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at, DossierEvent.id)
    )
    return [
        StageEvent(e.at, e.actor, e.action, e.level, e.org_code, e.comment, dict(e.data or {}))
        for e in rows
    ]


def resolved(found: dict[str, OrgInfo]) -> dict[str, OrgInfo]:
    """``found`` with every org's doc symbol and place name written out (not left to be
    derived from its name and its parents' at printing time)."""
    return {
        code: replace(
            org,
            doc_symbol=org.doc_symbol or default_doc_symbol(code, Level(org.level), org.name),
            locality=locality_of(code, found),
        )
        for code, org in found.items()
    }


@functools.cache
def _snapshot_insert() -> Insert:
    table = table_of(DecisionSnapshot)
    values = {
        "dossier_id": bindparam("snapshot_dossier_id", type_=table.c.dossier_id.type),
        "orgs": bindparam("snapshot_orgs", type_=JSONB),
        "chairs": bindparam("snapshot_chairs", type_=JSONB),
    }
    return insert(table).values(values).on_conflict_do_nothing()


async def snapshot_write(*, session: AsyncSession, dossier_id: str, codes: Iterable[str]) -> Write:
    """The INSERT of what the papers of ``dossier_id`` print about the orgs ``codes`` now (run
    in the deciding transaction); a dossier keeps its first snapshot."""
    now = await named(session=session, codes=codes)
    return Write(
        _snapshot_insert(),
        {
            "snapshot_dossier_id": dossier_id,
            "snapshot_orgs": [asdict(o) for o in resolved(now.orgs).values()],
            "snapshot_chairs": now.chairs,
        },
    )


async def snapshot(*, session: AsyncSession, dossier_id: str) -> PaperOrgs | None:
    """The orgs as ``dossier_id`` was decided with; None if it was decided before snapshots."""
    found = (
        await session.execute(
            select(DecisionSnapshot.orgs, DecisionSnapshot.chairs).where(
                DecisionSnapshot.dossier_id == dossier_id
            )
        )
    ).first()
    if found is None:
        return None
    known = {f.name for f in fields(OrgInfo)}
    taken = (OrgInfo(**{k: v for k, v in o.items() if k in known}) for o in found.orgs)
    return PaperOrgs({o.code: o for o in taken}, dict(found.chairs))
