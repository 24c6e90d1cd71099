"""Decision numbers: ``<seq>/QĐ-<symbol>``, one gapless sequence per issuing org and calendar
year (ND30/2020), allocated in the transaction that records the decision.

The counter row is locked by the allocating transaction until it commits, so concurrent
decisions of one body queue on it and get 1, 2, 3…; a rolled-back decision gives its number
back. A number an officer typed in earlier (a decision issued outside tdkt) is skipped.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Text, exists, literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import DecisionCounter, Dossier, Org


def _key(name: str) -> ColumnElement[str]:
    """``decision ->> '<name>'`` with the key written in the SQL, not bound: the expression then
    matches the index of migration 0011 (``ix_dossiers_decision_number``) in every plan."""
    return Dossier.decision.op("->>", return_type=Text)(literal_column(f"'{name}'"))


def number_used_query(org_code: str, year: int, number: str) -> Select[tuple[bool]]:
    return select(
        exists().where(
            Dossier.decision.is_not(None),
            _key("authority_org") == org_code,
            _key("number") == number,
            _key("date").like(f"{year:04d}-%"),
        )
    )


async def number_used(session: AsyncSession, org_code: str, year: int, number: str) -> bool:
    """Whether ``number`` already identifies a decision of ``org_code`` in ``year``."""
    return bool(await session.scalar(number_used_query(org_code, year, number)))


async def allocate(session: AsyncSession, org_code: str, year: int) -> str:
    symbol = select(Org.doc_symbol).where(Org.code == org_code).scalar_subquery()
    while True:
        stmt = (
            insert(DecisionCounter)
            .values(org_code=org_code, year=year, last=1)
            .on_conflict_do_update(
                index_elements=[DecisionCounter.org_code, DecisionCounter.year],
                set_={"last": DecisionCounter.last + 1},
            )
            .returning(DecisionCounter.last, symbol)  # the body's symbol in the same round trip
        )
        seq, found = (await session.execute(stmt)).one()
        number = f"{int(seq)}/QĐ-{found or org_code}"
        if not await number_used(session, org_code, year, number):
            return number
