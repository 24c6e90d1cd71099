"""Discipline / investigation register and initiative register (contract §12)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    and_,
    any_,
    bindparam,
    false,
    func,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase

from store.models import AwardRecord, DisciplineRecord, InitiativeRecord
from store.recordset import Write, table_of
from store.repositories.listing import contains_folded
from store.repositories.orgs import subtree_codes

Register = type[DisciplineRecord] | type[InitiativeRecord]
# what a person may be recorded in (all three share the person-matching columns)
PersonRecord = Register | type[AwardRecord]


@dataclass(frozen=True)
class DisciplineRow:
    id: int
    name: str
    person_key: str
    birth_date: date | None
    identity_number: str | None
    org_code: str
    kind: str
    starts_on: date
    ends_on: date | None
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    name: str
    person_key: str
    birth_date: date | None
    identity_number: str | None
    org_code: str
    title: str
    scope: str
    recognised_on: date
    used_award_code: str | None
    used_year: int | None
    used_dossier_id: str | None
    recorded_by: str
    recorded_at: datetime


def _discipline(row: DisciplineRecord) -> DisciplineRow:
    return DisciplineRow(
        **{f: getattr(row, f) for f in DisciplineRow.__dataclass_fields__},
    )


def _initiative(row: InitiativeRecord) -> InitiativeRow:
    return InitiativeRow(
        **{f: getattr(row, f) for f in InitiativeRow.__dataclass_fields__},
    )


async def add_discipline(*, session: AsyncSession, values: dict[str, Any]) -> DisciplineRow:
    row = DisciplineRecord(**values)
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return _discipline(row)


async def add_initiative(*, session: AsyncSession, values: dict[str, Any]) -> InitiativeRow:
    row = InitiativeRecord(**values)
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return _initiative(row)


def _scope(model: Register, root: str | None, name_key: str | None) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if root is not None:
        clauses.append(model.org_code.in_(subtree_codes(root)))
    if name_key:
        clauses.append(
            or_(contains_folded(model.person_key, name_key), model.identity_number == name_key)
        )
    return clauses


async def list_discipline(
    *, session: AsyncSession, root: str | None, name_key: str | None, limit: int, offset: int
) -> tuple[list[DisciplineRow], int]:
    where = _scope(DisciplineRecord, root, name_key)
    total = await session.scalar(select(func.count()).select_from(DisciplineRecord).where(*where))
    stmt = (
        select(DisciplineRecord)
        .where(*where)
        .order_by(DisciplineRecord.starts_on.desc(), DisciplineRecord.id)
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.scalars(stmt)).all()
    return [_discipline(r) for r in rows], int(total or 0)


async def list_initiatives(
    *, session: AsyncSession, root: str | None, name_key: str | None, limit: int, offset: int
) -> tuple[list[InitiativeRow], int]:
    where = _scope(InitiativeRecord, root, name_key)
    total = await session.scalar(select(func.count()).select_from(InitiativeRecord).where(*where))
    stmt = (
        select(InitiativeRecord)
        .where(*where)
        .order_by(InitiativeRecord.recognised_on.desc(), InitiativeRecord.id)
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.scalars(stmt)).all()
    return [_initiative(r) for r in rows], int(total or 0)


def _persons(
    model: PersonRecord, identity_numbers: Iterable[str], name_keys: Iterable[str], root: str
) -> ColumnElement[bool]:
    ids, keys = sorted(set(identity_numbers)), sorted(set(name_keys))
    clauses: list[ColumnElement[bool]] = []
    if ids:
        clauses.append(model.identity_number.in_(ids))
    if keys:
        clauses.append(and_(model.person_key.in_(keys), model.org_code.in_(subtree_codes(root))))
    return or_(*clauses) if clauses else false()


async def any_record(
    *, session: AsyncSession, identity_numbers: Iterable[str], name_keys: Iterable[str], root: str
) -> bool:
    """Whether the award registry, the discipline register or the initiative register may hold
    any of these people (matched as the ``*_candidates`` queries match them), in one query: a
    dossier whose people are in no register (most) then costs one round trip, not three."""
    ids, keys = list(identity_numbers), list(name_keys)
    models: tuple[PersonRecord, ...] = (AwardRecord, DisciplineRecord, InitiativeRecord)
    stmt = select(or_(*(select(m.id).where(_persons(m, ids, keys, root)).exists() for m in models)))
    return bool(await session.scalar(stmt))


async def discipline_candidates(
    *, session: AsyncSession, identity_numbers: Iterable[str], name_keys: Iterable[str], root: str
) -> list[DisciplineRow]:
    where = _persons(DisciplineRecord, identity_numbers, name_keys, root)
    return [_discipline(r) for r in (await session.scalars(select(DisciplineRecord).where(where)))]


async def initiative_candidates(
    *, session: AsyncSession, identity_numbers: Iterable[str], name_keys: Iterable[str], root: str
) -> list[InitiativeRow]:
    where = _persons(InitiativeRecord, identity_numbers, name_keys, root)
    return [_initiative(r) for r in (await session.scalars(select(InitiativeRecord).where(where)))]


async def initiatives_by_id(*, session: AsyncSession, ids: Iterable[int]) -> list[InitiativeRow]:
    ids = list(ids)
    if not ids:
        return []
    stmt = select(InitiativeRecord).where(InitiativeRecord.id.in_(sorted(set(ids))))
    return [_initiative(r) for r in (await session.scalars(stmt))]


async def claim_initiatives(
    *, session: AsyncSession, ids: Iterable[int], award_code: str, year: int, dossier_id: str
) -> set[int]:
    """Mark initiatives as backing ``dossier_id``'s (award_code, year); the ids it now holds.

    One conditional UPDATE: an initiative held by another dossier is left alone, whatever
    title that one proposes (CV 5007: one initiative backs one title), so a claim is never
    overwritten; two concurrent dossiers cannot both hold it (the second waits on the row
    lock, then sees it held and gets fewer ids back). Claiming again is a no-op for the holder.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    free_or_mine = or_(
        InitiativeRecord.used_award_code.is_(None),
        InitiativeRecord.used_dossier_id == dossier_id,
    )
    stmt = (
        update(InitiativeRecord)
        .where(InitiativeRecord.id.in_(wanted), free_or_mine)
        .values(used_award_code=award_code, used_year=year, used_dossier_id=dossier_id)
        .returning(InitiativeRecord.id)
    )
    return {int(i) for i in (await session.scalars(stmt)).all()}


def _release() -> UpdateBase:
    table = table_of(InitiativeRecord)
    held = bindparam("initiative_held", type_=ARRAY(BigInteger))
    return (
        update(table)
        .where(
            table.c.used_dossier_id == bindparam("initiative_dossier"),
            not_(table.c.id == any_(held)),
        )
        .values(used_award_code=None, used_year=None, used_dossier_id=None)
    )


_RELEASE = _release()


def release_statement(dossier_id: str, held: Iterable[int]) -> Write:
    """Free the initiatives ``dossier_id`` holds but no longer cites in ``held`` (a nominee
    dropped or replaced, or the dossier rejected, withdrawn or expired: ``held`` empty)."""
    return Write(_RELEASE, {"initiative_dossier": dossier_id, "initiative_held": sorted(held)})
