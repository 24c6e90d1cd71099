"""Aggregates for `GET /api/v1/stats`: counts, on-time ratio per level, direct-worker share.

`collect` reads the summary tables (`stats_*_counts`, kept by triggers in the writers'
transactions, migrations 0007 and 0018): a few index range reads of one scope, whatever the
table size.
`collect_by_scan` computes the same figures from the dossier tables; tests hold them equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, cast, extract, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import (
    Dossier,
    Nominee,
    Stage,
    StatsDossierCount,
    StatsNomineeCount,
    StatsOpenCount,
    StatsStageCount,
)
from store.repositories.orgs import subtree_codes
from store.repositories.private_dossiers import SUBMITTED


@dataclass(frozen=True)
class OnTime:
    level: str
    closed: int
    on_time: int


@dataclass(frozen=True)
class StatsRows:
    by_award: dict[str, int]
    by_status: dict[str, int]
    by_level: dict[str, int]  # by the award's deciding level (the route's last level)
    by_current_level: dict[str, int]  # open dossiers by the level of their open stage
    on_time: list[OnTime]
    decided_individuals: int
    direct_workers: int


def _where(year: int | None, org_code: str | None) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = [true()]
    if year is not None:
        created_year = cast(
            extract("year", func.timezone("Asia/Ho_Chi_Minh", Dossier.created_at)), Integer
        )
        clauses.append(func.coalesce(Dossier.year, created_year) == year)
    if org_code is not None:
        clauses.append(Dossier.proposer_org.in_(subtree_codes(org_code)))
    return and_(*clauses)


ALL_SCOPES = "*"
OPEN = ("in_review", "returned")


async def _summed(
    session: AsyncSession, key: ColumnElement[Any], where: ColumnElement[bool]
) -> dict[str, int]:
    total = func.sum(StatsDossierCount.n)
    stmt = select(key, total).where(where).group_by(key).having(total > 0).order_by(key)
    return {str(k): int(n) for k, n in (await session.execute(stmt)).all() if k}


async def collect(*, session: AsyncSession, year: int | None, org_code: str | None) -> StatsRows:
    """The figures of `collect_by_scan`, read from the summaries of `org_code`'s subtree."""
    scope = ALL_SCOPES if org_code is None else org_code

    def where(table: Any) -> ColumnElement[bool]:
        clauses = [table.scope_org == scope]
        if year is not None:
            clauses.append(table.year == year)
        return and_(*clauses)

    closed, ok = func.sum(StatsStageCount.closed), func.sum(StatsStageCount.on_time)
    stages = (
        select(StatsStageCount.level, closed, ok)
        .where(where(StatsStageCount))
        .group_by(StatsStageCount.level)
        .having(closed > 0)
        .order_by(StatsStageCount.level)
    )
    workers = select(
        func.coalesce(func.sum(StatsNomineeCount.decided_individuals), 0),
        func.coalesce(func.sum(StatsNomineeCount.direct_workers), 0),
    ).where(where(StatsNomineeCount))
    decided, direct = (await session.execute(workers)).one()
    # drafts are their unit's own business until submitted (contract §13): not in statistics,
    # nor once withdrawn unsubmitted (the triggers count those as drafts, migration 0024)
    counts = and_(where(StatsDossierCount), StatsDossierCount.status != "draft")
    opened = func.sum(StatsOpenCount.n)
    current = (
        select(StatsOpenCount.level, opened)
        .where(where(StatsOpenCount))
        .group_by(StatsOpenCount.level)
        .having(opened > 0)
        .order_by(StatsOpenCount.level)
    )
    return StatsRows(
        by_award=await _summed(session, StatsDossierCount.award_code.expression, counts),
        by_status=await _summed(session, StatsDossierCount.status.expression, counts),
        by_level=await _summed(session, StatsDossierCount.level.expression, counts),
        by_current_level={str(k): int(n) for k, n in (await session.execute(current)).all()},
        on_time=[
            OnTime(level=level, closed=int(c), on_time=int(o))
            for level, c, o in (await session.execute(stages)).all()
        ],
        decided_individuals=int(decided),
        direct_workers=int(direct),
    )


async def _counts(
    session: AsyncSession, key: ColumnElement[Any], where: ColumnElement[bool]
) -> dict[str, int]:
    stmt = select(key, func.count()).select_from(Dossier).where(where).group_by(key).order_by(key)
    return {str(k): int(n) for k, n in (await session.execute(stmt)).all() if k is not None}


async def collect_by_scan(
    *, session: AsyncSession, year: int | None, org_code: str | None
) -> StatsRows:
    where = and_(_where(year, org_code), SUBMITTED)
    deciding_level = Dossier.route.op("->>")(-1)
    on_time_stmt = (
        select(
            Stage.level,
            func.count(),
            func.count().filter(and_(Stage.closed_at <= Stage.due_at, Stage.overdue.is_(False))),
        )
        .join(Dossier, Dossier.id == Stage.dossier_id)
        .where(where, Stage.closed_at.is_not(None), Stage.phase == "review")
        .group_by(Stage.level)
        .order_by(Stage.level)
    )
    on_time = [
        OnTime(level=level, closed=int(closed), on_time=int(ok))
        for level, closed, ok in (await session.execute(on_time_stmt)).all()
    ]
    workers_stmt = (
        select(func.count(), func.count().filter(Nominee.is_direct_worker.is_(True)))
        .join(Dossier, Dossier.id == Nominee.dossier_id)
        .where(
            where,
            Dossier.status == "decided",
            Nominee.kind == "individual",
            Nominee.outcome == "approved",
        )
    )
    decided, direct = (await session.execute(workers_stmt)).one()
    return StatsRows(
        by_award=await _counts(session, Dossier.award_code.expression, where),
        by_status=await _counts(session, Dossier.status.expression, where),
        by_level=await _counts(session, deciding_level, where),
        by_current_level=await _counts(
            session,
            Dossier.stage_level.expression,
            and_(where, Dossier.status.in_(OPEN), Dossier.stage_level.is_not(None)),
        ),
        on_time=on_time,
        decided_individuals=int(decided),
        direct_workers=int(direct),
    )
