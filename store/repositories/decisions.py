"""Decision numbers: ``<seq>/QĐ-<symbol>``, one gapless sequence per issuing org and calendar
year (ND30/2020), allocated in the transaction that records the decision.

The counter row is locked by the allocating transaction until it commits, so concurrent
decisions of one body queue on it and get 1, 2, 3…; a rolled-back decision gives its number
back. A number an officer typed in earlier (a decision issued outside tdkt) is skipped.
"""

from __future__ import annotations

import functools

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    exists,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from domain.levels import Level
from domain.org_names import default_doc_symbol
from store.models import DecisionCounter, Dossier, Org
from store.recordset import table_of


def _key(name: str) -> ColumnElement[str]:
    """``decision ->> '<name>'`` with the key written in the SQL, not bound: the expression then
    matches the index of migration 0011 (``ix_dossiers_decision_number``) in every plan."""
    return Dossier.decision.op("->>", return_type=Text)(literal_column(f"'{name}'"))


@functools.cache
def _number_used() -> Select[tuple[bool]]:
    # built once, bound per call: a decision's transaction asks it at least once
    return select(
        exists().where(
            Dossier.decision.is_not(None),
            _key("authority_org") == bindparam("org_code", type_=Text),
            _key("number") == bindparam("number", type_=Text),
            _key("date").like(bindparam("date_prefix", type_=Text)),
        )
    )


def _number_params(org_code: str, year: int, number: str) -> dict[str, str]:
    return {"org_code": org_code, "number": number, "date_prefix": f"{year:04d}-%"}


def number_used_query(org_code: str, year: int, number: str) -> Select[tuple[bool]]:
    """The statement :func:`number_used` runs, with its values (to EXPLAIN it)."""
    return _number_used().params(_number_params(org_code, year, number))


async def number_used(session: AsyncSession, org_code: str, year: int, number: str) -> bool:
    """Whether ``number`` already identifies a decision of ``org_code`` in ``year``."""
    params = _number_params(org_code, year, number)
    return bool(await session.scalar(_number_used(), params))


@functools.cache
def _next_number() -> ReturningInsert[int, str | None]:
    """Count one up on the (org, year) counter; the body's symbol in the same round trip."""
    counter = table_of(DecisionCounter)
    org = bindparam("org_code", type_=String)
    symbol = select(Org.doc_symbol).where(Org.code == org).scalar_subquery()
    return (
        insert(counter)
        .values(org_code=org, year=bindparam("year", type_=Integer), last=1)
        .on_conflict_do_update(
            index_elements=[counter.c.org_code, counter.c.year],
            set_={"last": counter.c.last + 1},
        )
        .returning(counter.c.last, symbol)
    )


async def _derived_symbol(session: AsyncSession, org_code: str) -> str:
    """The default symbol of an org with none stored (the abbreviation of its name)."""
    found = (await session.execute(select(Org.name, Org.level).where(Org.code == org_code))).first()
    if found is None:
        return org_code
    return default_doc_symbol(org_code, Level(found.level), found.name)


async def allocate(session: AsyncSession, org_code: str, year: int) -> str:
    params = {"org_code": org_code, "year": year}
    while True:
        seq, found = (await session.execute(_next_number(), params)).one()
        number = f"{int(seq)}/QĐ-{found or await _derived_symbol(session, org_code)}"
        if not await number_used(session, org_code, year, number):
            return number
