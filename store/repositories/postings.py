"""Public posting (niêm yết công khai): nominees of dossiers in that phase, and objections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier, Nominee, Objection, Org

IN_POSTING = (Dossier.status == "in_review") & (Dossier.stage["phase"].astext == "public_posting")


@dataclass(frozen=True)
class PostingRow:
    dossier_id: str
    nominee_id: str
    name: str
    kind: str
    org_code: str
    org_name: str
    award_code: str
    posting_ends_at: datetime | None


async def open_postings(*, session: AsyncSession, limit: int) -> list[PostingRow]:
    stmt = (
        select(
            Dossier.id,
            Nominee.id,
            Nominee.name,
            Nominee.kind,
            Org.code,
            Org.name,
            Dossier.award_code,
            Dossier.due_at,
        )
        .join(Nominee, Nominee.dossier_id == Dossier.id)
        .join(Org, Org.code == Dossier.proposer_org)
        .where(IN_POSTING, Nominee.outcome != "dropped")
        .order_by(Dossier.due_at.asc().nulls_last(), Dossier.id, Nominee.position)
        .limit(limit)
    )
    return [PostingRow(*row) for row in (await session.execute(stmt)).all()]


async def in_posting(*, session: AsyncSession, dossier_id: str) -> bool | None:
    """None when the dossier does not exist; else whether it is in public posting now."""
    found = await session.execute(
        select(IN_POSTING).select_from(Dossier).where(Dossier.id == dossier_id)
    )
    row = found.first()
    return None if row is None else bool(row[0])


async def add_objection(
    *, session: AsyncSession, dossier_id: str, content: str, contact: str | None, client_addr: str
) -> tuple[int, datetime]:
    objection = Objection(
        dossier_id=dossier_id, content=content, contact=contact, client_addr=client_addr
    )
    session.add(objection)
    await session.flush()
    await session.refresh(objection)
    return objection.id, objection.created_at
