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


@dataclass(frozen=True)
class ObjectionRow:
    id: int
    reference: str
    dossier_id: str
    org_code: str | None
    nominee_id: str | None
    content: str
    received_at: datetime
    status: str
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None


def _objection(o: Objection) -> ObjectionRow:
    return ObjectionRow(
        o.id,
        o.reference,
        o.dossier_id,
        o.org_code,
        o.nominee_id,
        o.content,
        o.created_at,
        o.status,
        o.resolution,
        o.resolved_by,
        o.resolved_at,
    )


async def objections_of(*, session: AsyncSession, dossier_id: str) -> list[ObjectionRow]:
    stmt = select(Objection).where(Objection.dossier_id == dossier_id).order_by(Objection.id)
    return [_objection(o) for o in (await session.scalars(stmt)).all()]


async def objection(
    *, session: AsyncSession, reference: str, dossier_id: str | None = None
) -> ObjectionRow | None:
    """By public reference, or by numeric id (as text) within ``dossier_id``."""
    stmt = select(Objection).where(Objection.reference == reference)
    if dossier_id is not None:
        stmt = select(Objection).where(Objection.dossier_id == dossier_id)
        stmt = stmt.where(
            Objection.id == int(reference)
            if reference.isdigit() and len(reference) < 18
            else Objection.reference == reference
        )
    found = (await session.scalars(stmt)).first()
    return None if found is None else _objection(found)
