"""Organisations: the org tree (orgs table) and its scope queries (ancestors, subtree)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    CompoundSelect,
    Select,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Org


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str | None = None
    doc_symbol: str | None = None
    locality: str | None = None  # None: derived (domain.org_names)


def _row(org: Org) -> OrgRow:
    return OrgRow(
        code=org.code,
        name=org.name,
        level=org.level,
        parent_code=org.parent_code,
        kind=org.kind,
        doc_symbol=org.doc_symbol,
        locality=org.locality,
    )


async def get(*, session: AsyncSession, code: str) -> OrgRow | None:
    org = await session.get(Org, code)
    return None if org is None else _row(org)


async def list_(
    *, session: AsyncSession, level: str | None = None, parent_code: str | None = None
) -> list[OrgRow]:
    stmt = select(Org).order_by(Org.code)
    if level is not None:
        stmt = stmt.where(Org.level == level)
    if parent_code is not None:
        stmt = stmt.where(Org.parent_code == parent_code)
    return [_row(o) for o in (await session.scalars(stmt)).all()]


async def same_code(*, session: AsyncSession, code: str) -> OrgRow | None:
    """The org whose code equals ``code`` ignoring case (codes are unique so: migration 0020)."""
    if not _storable(code):
        return None
    org = await session.scalar(select(Org).where(func.lower(Org.code) == code.lower()))
    return None if org is None else _row(org)


async def with_ancestors(*, session: AsyncSession, rows: Iterable[OrgRow]) -> dict[str, OrgRow]:
    """``rows`` by code, with every ancestor of theirs (one query per missing tree level)."""
    found = {r.code: r for r in rows}
    for _ in range(MAX_DEPTH):
        missing = {r.parent_code for r in found.values() if r.parent_code} - found.keys()
        if not missing:
            break
        batch = (await session.scalars(select(Org).where(Org.code.in_(missing)))).all()
        if not batch:
            break
        found.update((o.code, _row(o)) for o in batch)
    return found


async def create(
    *,
    session: AsyncSession,
    code: str,
    name: str,
    level: str,
    parent_code: str | None,
    kind: str | None = None,
    doc_symbol: str | None = None,
    locality: str | None = None,
) -> bool:
    """Insert the org; False when the code already exists (in any case)."""
    stmt = (
        insert(Org)
        .values(
            code=code,
            name=name,
            level=level,
            parent_code=parent_code,
            kind=kind,
            doc_symbol=doc_symbol,
            locality=locality,
        )
        .on_conflict_do_nothing()  # the primary key or lower(code) (migration 0020)
        .returning(Org.code)
    )
    return (await session.execute(stmt)).scalar_one_or_none() is not None


EDITABLE = frozenset({"name", "kind", "doc_symbol", "locality"})


async def update(*, session: AsyncSession, code: str, values: dict[str, str | None]) -> bool:
    """Change the org's editable columns (``EDITABLE``); False when there is no such org."""
    if not values.keys() <= EDITABLE:
        raise ValueError(f"not editable: {sorted(values.keys() - EDITABLE)}")
    stmt = sql_update(Org).where(Org.code == code).values(values).returning(Org.code)
    changed = (await session.execute(stmt)).scalar_one_or_none() is not None
    session.expire_all()  # a later get() reads the row as changed, not the identity map's copy
    return changed


async def exists_at_level(*, session: AsyncSession, level: str) -> bool:
    stmt = select(Org.code).where(Org.level == level).limit(1)
    return (await session.execute(stmt)).first() is not None


# Deeper than any real tree; stops the walk on a (corrupt) cycle, which routing then reports.
MAX_DEPTH = 32


async def ancestry(*, session: AsyncSession, code: str) -> list[OrgRow]:
    """[the org, its parent, ..., the root]; empty when the org does not exist.

    A cycle in the tree yields a list that repeats codes (at most ``MAX_DEPTH`` + 1 rows).
    """
    return [_row(o) for o in (await session.scalars(_ancestry(), {"code": code})).all()]


async def ancestry_and_levels(
    *, session: AsyncSession, code: str, levels: Sequence[str]
) -> tuple[list[OrgRow], dict[str, str]]:
    """``ancestry(code)`` and ``{level: code}`` of the singleton orgs at ``levels`` (the first
    by code), in one round trip: a route is planned from both, on every create and submit."""
    found: list[OrgRow] = []
    state: dict[str, str] = {}
    rows = await session.execute(_ancestry_and_levels(), {"code": code, "levels": list(levels)})
    for *columns, depth in rows.all():
        row = OrgRow(*columns)
        if depth < 0:
            state.setdefault(row.level, row.code)
        else:
            found.append(row)
    return found, state


def _ancestry_tree() -> CTE:
    start = Org.code == bindparam("code")
    base = select(Org.code, Org.parent_code, literal(0).label("depth")).where(start)
    tree = base.cte("ancestry", recursive=True)
    step = (
        select(Org.code, Org.parent_code, (tree.c.depth + 1).label("depth"))
        .join(tree, Org.code == tree.c.parent_code)
        .where(tree.c.depth < MAX_DEPTH)
    )
    return tree.union_all(step)


@functools.cache
def _ancestry() -> Select[Org]:
    # built once (most requests ask): no statement construction, no cache-key walk per call
    tree = _ancestry_tree()
    return select(Org).join(tree, Org.code == tree.c.code).order_by(tree.c.depth)


@functools.cache
def _ancestry_and_levels() -> CompoundSelect[Any]:
    """The ancestry's rows (depth >= 0, in order) and the orgs at ``levels`` (depth -1, by
    code: the first is the level's singleton)."""
    tree = _ancestry_tree()
    columns = (
        Org.code,
        Org.name,
        Org.level,
        Org.parent_code,
        Org.kind,
        Org.doc_symbol,
        Org.locality,
    )  # OrgRow's fields, in order
    mine = select(*columns, tree.c.depth).join(tree, Org.code == tree.c.code)
    at_levels = select(*columns, literal(-1)).where(
        Org.level.in_(bindparam("levels", expanding=True))
    )
    return union_all(mine, at_levels).order_by(literal_column("depth"), literal_column("code"))


@functools.lru_cache(maxsize=4096)
def subtree_codes(code: str) -> Select[tuple[str]]:
    """A selectable of the org and all its descendants, for `IN (...)` scope filters.

    One object per org code (statements are immutable): most requests filter by their
    caller's subtree, several times for a create, and building it was ~5 % of the API's CPU."""
    tree = select(Org.code).where(Org.code == code).cte("subtree", recursive=True)
    tree = tree.union_all(select(Org.code).join(tree, Org.parent_code == tree.c.code))
    return select(tree.c.code)


async def in_subtree(*, session: AsyncSession, root: str, code: str) -> bool:
    """True when `code` is `root` or one of its descendants."""
    stmt = subtree_codes(root).subquery()
    found = await session.execute(select(stmt.c.code).where(stmt.c.code == code))
    return found.first() is not None


def _storable(code: str) -> bool:
    """A code PostgreSQL can compare: no NUL, no lone surrogate (such a code names no org)."""
    return "\x00" not in code and not any("\ud800" <= c <= "\udfff" for c in code)


async def names(session: AsyncSession, codes: Iterable[str | None]) -> dict[str, str]:
    """``{code: name}`` of the given org codes, in one query (unknown codes are left out)."""
    wanted = sorted({c for c in codes if c and _storable(c)})
    if not wanted:
        return {}
    rows = await session.execute(select(Org.code, Org.name).where(Org.code.in_(wanted)))
    return {row[0]: row[1] for row in rows}
