"""Rounds read model (rounds, round_submitters, round_events) and the API's first insert.

The API inserts the round row (version 0) when it opens a round; the RoundWorkflow's projection
activity then owns it (newer versions only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier, Org, Round, RoundEventRow, RoundSubmitter
from store.repositories.orgs import OrgRow, subtree_codes
from store.repositories.private_dossiers import SUBMITTED


@dataclass(frozen=True)
class SubmitterRow:
    org_code: str
    level: str
    parent_code: str | None
    role: str
    submitted_at: datetime | None
    late: bool
    dossier_ids: list[str]
    escalation_level: int
    deadline: datetime | None


@dataclass(frozen=True)
class RoundRow:
    code: str
    name: str
    year: int
    owner_org: str
    award_codes: list[str]
    deadlines: dict[str, datetime]
    status: str
    opened_at: datetime
    closed_at: datetime | None
    version: int
    submitters: list[SubmitterRow] = field(default_factory=list)


@dataclass(frozen=True)
class EventRow:
    at: datetime
    kind: str
    org_code: str | None
    dossier_id: str | None
    escalation_level: int
    detail: str


def _round(r: Round) -> RoundRow:
    return RoundRow(
        code=r.code,
        name=r.name,
        year=r.year,
        owner_org=r.owner_org,
        award_codes=list(r.award_codes),
        deadlines={k: datetime.fromisoformat(v) for k, v in r.deadlines.items()},
        status=r.status,
        opened_at=r.opened_at,
        closed_at=r.closed_at,
        version=r.version,
    )


async def subtree_nodes(*, session: AsyncSession, code: str) -> list[OrgRow]:
    """The org and every org below it."""
    stmt = select(Org).where(Org.code.in_(subtree_codes(code))).order_by(Org.code)
    return [
        OrgRow(code=o.code, name=o.name, level=o.level, parent_code=o.parent_code)
        for o in (await session.scalars(stmt)).all()
    ]


async def get(*, session: AsyncSession, code: str, with_submitters: bool = True) -> RoundRow | None:
    found = await session.get(Round, code)
    if found is None:
        return None
    row = _round(found)
    if with_submitters:
        stmt = (
            select(RoundSubmitter)
            .where(RoundSubmitter.round_code == code)
            .order_by(RoundSubmitter.role.desc(), RoundSubmitter.level, RoundSubmitter.org_code)
        )
        row.submitters.extend(
            SubmitterRow(
                org_code=s.org_code,
                level=s.level,
                parent_code=s.parent_code,
                role=s.role,
                submitted_at=s.submitted_at,
                late=s.late,
                dossier_ids=list(s.dossier_ids),
                escalation_level=s.escalation_level,
                deadline=s.deadline,
            )
            for s in (await session.scalars(stmt)).all()
        )
    return row


def visible_to(caller_org: str | None, ancestors: list[str]) -> ColumnElement[bool]:
    """Rounds owned by the caller's org, an org above it, or an org below it."""
    if caller_org is None:
        return true()
    return or_(Round.owner_org.in_(ancestors), Round.owner_org.in_(subtree_codes(caller_org)))


async def list_(
    *, session: AsyncSession, caller_org: str | None, ancestors: list[str], status: str | None
) -> list[RoundRow]:
    stmt = select(Round).where(visible_to(caller_org, ancestors))
    if status is not None:
        stmt = stmt.where(Round.status == status)
    stmt = stmt.order_by(Round.opened_at.desc(), Round.code)
    return [_round(r) for r in (await session.scalars(stmt)).all()]


async def open_owned_by(*, session: AsyncSession, owners: list[str]) -> list[RoundRow]:
    """The open rounds owned by one of ``owners`` (a proposer and the orgs above it)."""
    stmt = (
        select(Round)
        .where(Round.status == "open", Round.owner_org.in_(owners))
        .order_by(Round.opened_at.desc(), Round.code)
    )
    return [_round(r) for r in (await session.scalars(stmt)).all()]


async def events(*, session: AsyncSession, code: str, limit: int = 500) -> list[EventRow]:
    stmt = (
        select(RoundEventRow)
        .where(RoundEventRow.round_code == code)
        .order_by(RoundEventRow.at, RoundEventRow.id)
        .limit(limit)
    )
    return [
        EventRow(e.at, e.kind, e.org_code, e.dossier_id, e.escalation_level, e.detail)
        for e in (await session.scalars(stmt)).all()
    ]


@dataclass(frozen=True)
class RoundCounts:
    by_status: dict[str, int]
    by_award: dict[str, int]
    dossiers: int
    late_dossiers: int
    events: dict[str, int]


async def counts(*, session: AsyncSession, code: str) -> RoundCounts:
    where = and_(Dossier.round_code == code, SUBMITTED)  # not the drafts: their unit's only

    async def grouped(key: Any) -> dict[str, int]:
        stmt = select(key, func.count()).where(where).group_by(key).order_by(key)
        return {str(k): int(n) for k, n in (await session.execute(stmt)).all()}

    totals = select(func.count(), func.coalesce(func.sum(Dossier.late.cast(Integer)), 0)).where(
        where
    )
    total, late = (await session.execute(totals)).one()
    kinds = select(RoundEventRow.kind, func.count()).where(RoundEventRow.round_code == code)
    kinds = kinds.group_by(RoundEventRow.kind).order_by(RoundEventRow.kind)
    return RoundCounts(
        by_status=await grouped(Dossier.status),
        by_award=await grouped(Dossier.award_code),
        dossiers=int(total),
        late_dossiers=int(late),
        events={k: int(n) for k, n in (await session.execute(kinds)).all()},
    )


async def names(session: AsyncSession, codes: Iterable[str | None]) -> dict[str, str]:
    """``{code: name}`` of the given round codes, in one query (unknown codes are left out)."""
    wanted = sorted({c for c in codes if c})
    if not wanted:
        return {}
    rows = await session.execute(select(Round.code, Round.name).where(Round.code.in_(wanted)))
    return {row[0]: row[1] for row in rows}
