"""The award registry (award_registry): list, insert past awards, find a person's awards."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, extract, false, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import AwardRecord, Org
from store.repositories.listing import contains_folded
from store.repositories.orgs import subtree_codes

YEAR: ColumnElement[int] = func.coalesce(
    AwardRecord.achievement_year, extract("year", AwardRecord.decision_date)
)


@dataclass(frozen=True)
class RecordRow:
    id: int
    name: str
    person_key: str
    birth_date: date | None
    identity_number: str | None
    org_code: str
    award_code: str
    year: int
    decision_number: str
    decision_date: date
    source: str


@dataclass(frozen=True)
class RegistryFilter:
    """``root``: only orgs in its subtree (None: every org); the rest narrow the list."""

    root: str | None
    name_key: str | None = None
    award_code: str | None = None
    year: int | None = None


def _columns() -> Select[*tuple[Any, ...]]:
    return select(
        AwardRecord.id,
        AwardRecord.name,
        AwardRecord.person_key,
        AwardRecord.birth_date,
        AwardRecord.identity_number,
        AwardRecord.org_code,
        AwardRecord.award_code,
        YEAR.label("year"),
        AwardRecord.decision_number,
        AwardRecord.decision_date,
        AwardRecord.source,
    )


def _row(values: Any) -> RecordRow:
    return RecordRow(**{**values._asdict(), "year": int(values.year)})


def _where(flt: RegistryFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if flt.root is not None:
        clauses.append(AwardRecord.org_code.in_(subtree_codes(flt.root)))
    if flt.name_key:
        clauses.append(
            or_(
                contains_folded(AwardRecord.person_key, flt.name_key),
                AwardRecord.identity_number == flt.name_key,
            )
        )
    if flt.award_code is not None:
        clauses.append(AwardRecord.award_code == flt.award_code)
    if flt.year is not None:
        clauses.append(YEAR == flt.year)  # noqa: SIM300
    return clauses


async def list_(
    *, session: AsyncSession, flt: RegistryFilter, limit: int, offset: int
) -> tuple[list[RecordRow], int]:
    where = _where(flt)
    total = await session.scalar(select(func.count()).select_from(AwardRecord).where(*where))
    stmt = (
        _columns()
        .where(*where)
        .order_by(YEAR.desc(), AwardRecord.person_key, AwardRecord.id)
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.execute(stmt)).all()
    return [_row(r) for r in rows], int(total or 0)


async def insert_many(*, session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert registry rows (keys: AwardRecord columns) in one statement; their ids, in order."""
    if not rows:
        return []
    result = await session.execute(insert(AwardRecord).returning(AwardRecord.id), list(rows))
    return [int(i) for i in result.scalars().all()]


def _person_match(
    identity_numbers: Iterable[str], name_keys: Iterable[str], orgs: Select[tuple[str]] | None
) -> ColumnElement[bool]:
    ids, keys = sorted(set(identity_numbers)), sorted(set(name_keys))
    clauses: list[ColumnElement[bool]] = []
    if ids:
        clauses.append(AwardRecord.identity_number.in_(ids))
    if keys:
        by_name = AwardRecord.person_key.in_(keys)
        clauses.append(by_name if orgs is None else and_(by_name, AwardRecord.org_code.in_(orgs)))
    return or_(*clauses) if clauses else false()


async def candidates(
    *,
    session: AsyncSession,
    identity_numbers: Iterable[str],
    name_keys: Iterable[str],
    root: str | None,
) -> list[RecordRow]:
    """Rows that may belong to the given people (callers confirm with domain.registry)."""
    orgs = None if root is None else subtree_codes(root)
    stmt = _columns().where(_person_match(identity_numbers, name_keys, orgs))
    return [_row(r) for r in (await session.execute(stmt)).all()]


async def org_directory(*, session: AsyncSession) -> dict[str, str]:
    """``{code: name}`` of every org (an import checks its rows' orgs and names them)."""
    return {row[0]: row[1] for row in await session.execute(select(Org.code, Org.name))}


async def org_codes(*, session: AsyncSession, root: str | None) -> set[str]:
    """Codes of the orgs in ``root``'s subtree (every org when ``root`` is None)."""
    stmt = select(Org.code) if root is None else subtree_codes(root)
    return set((await session.scalars(stmt)).all())
