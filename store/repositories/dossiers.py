"""Dossier read model (dossiers, nominees, dossier_events) and the API's first insert.

The API inserts the row and nominees when a dossier is submitted (version 0); the workflow's
projection activity then owns the row (it upserts newer versions only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier, DossierEvent, Nominee
from store.repositories import listing, search_lists
from store.repositories.dossier_lists import (
    ListFilter,
    count_source,
    list_statements,
    list_where,
    visible_to,
)
from store.repositories.dossier_summaries import SUMMARY_COLUMNS, SummaryRow, past_due, summary_row
from store.repositories.listing import Cursor

__all__ = ["ListFilter", "list_statements", "list_where", "visible_to"]
from store.repositories.orgs import subtree_codes

FINAL_STATUSES = frozenset({"decided", "rejected", "withdrawn", "expired"})


@dataclass(frozen=True)
class NomineeRow:
    id: str
    kind: str
    name: str
    title: str | None = None
    gender: str | None = None
    is_direct_worker: bool = False
    ethnic_minority: bool = False
    outcome: str = "pending"
    bonus_vnd: int | None = None
    birth_date: date | None = None
    identity_number: str | None = None
    eligibility: dict[str, Any] | None = None
    initiative_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DossierRow:
    id: str
    award_code: str
    proposer_org: str
    route: list[str]
    route_orgs: list[str]
    status: str
    round: int
    summary: str
    year: int | None
    round_code: str | None
    late: bool
    stage: dict[str, Any] | None
    stage_org: str | None
    due_at: datetime | None
    overdue: bool
    decision: dict[str, Any] | None
    created_at: datetime
    version: int
    workflow_id: str = ""
    award_type: str = "regular"
    simplified: bool = False
    open_objections: int = 0
    nominees: list[NomineeRow] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)


def _row(d: Dossier) -> DossierRow:
    return DossierRow(
        id=d.id,
        award_code=d.award_code,
        proposer_org=d.proposer_org,
        route=list(d.route),
        route_orgs=list(d.route_orgs),
        status=d.status,
        round=d.round,
        summary=d.summary,
        year=d.year,
        round_code=d.round_code,
        late=d.late,
        stage=d.stage,
        stage_org=d.stage_org,
        due_at=d.due_at,
        overdue=d.overdue or past_due(d.status, d.due_at),
        decision=d.decision,
        created_at=d.created_at,
        version=d.version,
        workflow_id=d.workflow_id,
        award_type=d.award_type,
        simplified=d.simplified,
        open_objections=d.open_objections,
    )


async def next_number(*, session: AsyncSession) -> int:
    number: int = (await session.execute(text("SELECT nextval('dossier_number_seq')"))).scalar_one()
    return number


async def id_of_workflow(*, session: AsyncSession, workflow_id: str) -> str | None:
    """The dossier a workflow committed (None: it has committed nothing yet)."""
    found: str | None = await session.scalar(
        select(Dossier.id).where(Dossier.workflow_id == workflow_id)
    )
    return found


async def request_committed(*, session: AsyncSession, dossier_id: str, request_id: str) -> bool:
    """Whether a transition caused by the update ``request_id`` is committed (engine v2 tags
    its audit events with the update id)."""
    found = await session.scalar(
        select(DossierEvent.id)
        .where(
            DossierEvent.dossier_id == dossier_id,
            DossierEvent.data["request"].astext == request_id,
        )
        .limit(1)
    )
    return found is not None


async def get(
    *, session: AsyncSession, dossier_id: str, with_details: bool = False
) -> DossierRow | None:
    dossier = await session.get(Dossier, dossier_id)
    if dossier is None:
        return None
    row = _row(dossier)
    if with_details:
        await add_details(session=session, row=row)
    return row


async def add_details(*, session: AsyncSession, row: DossierRow) -> DossierRow:
    """``row`` with its nominees and history (a row read without them, e.g. by a scope check)."""
    await add_nominees(session=session, row=row)
    events = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == row.id)
        .order_by(DossierEvent.at, DossierEvent.id)
    )
    row.history[:] = [
        {
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "level": e.level,
            "comment": e.comment,
            "org_code": e.org_code,
            "vote": (e.data or {}).get("vote"),
            "working_days": (e.data or {}).get("working_days"),
            "due_at": (e.data or {}).get("due_at"),
        }
        for e in events
    ]
    return row


async def add_nominees(*, session: AsyncSession, row: DossierRow) -> DossierRow:
    """``row`` with its nominees only (a check that needs no history)."""
    dossier_id = row.id
    nominees = await session.scalars(
        select(Nominee).where(Nominee.dossier_id == dossier_id).order_by(Nominee.position)
    )
    row.nominees[:] = [
        NomineeRow(
            id=n.id,
            kind=n.kind,
            name=n.name,
            title=n.title,
            gender=n.gender,
            is_direct_worker=n.is_direct_worker,
            ethnic_minority=n.ethnic_minority,
            outcome=n.outcome,
            bonus_vnd=n.bonus_vnd,
            birth_date=n.birth_date,
            identity_number=n.identity_number,
            eligibility=n.eligibility,
            initiative_ids=tuple(n.initiative_ids or ()),
        )
        for n in nominees
    ]
    return row


async def proposer_in_subtree(*, session: AsyncSession, root: str, proposer_org: str) -> bool:
    if root == proposer_org:
        return True
    tree = subtree_codes(root).subquery()
    found = await session.execute(select(tree.c.code).where(tree.c.code == proposer_org))
    return found.first() is not None


@dataclass(frozen=True)
class ListPage:
    rows: list[SummaryRow]
    total: int
    total_is_estimate: bool
    next_cursor: str | None


# Literal SQL, not bound parameters: the partial inbox indexes (migration 0007) are only usable
# when the planner sees these constants, also in a generic plan of a prepared statement.
IN_REVIEW = text("dossiers.status = 'in_review'")
RETURNED = text("dossiers.status = 'returned'")


def _counted(page: int, page_size: int, rows: list[SummaryRow]) -> listing.Total | None:
    """The exact total when the page by number is the last one (nothing left to count)."""
    if not rows and page > 1:
        return None  # past the end: the rows before are not known
    return listing.Total((page - 1) * page_size + len(rows), is_estimate=False)


async def list_(
    *,
    session: AsyncSession,
    caller_org: str | None,
    filters: ListFilter,
    page: int,
    page_size: int,
    cursor: Cursor | None = None,
) -> ListPage:
    count, stmt = list_statements(
        caller_org=caller_org, filters=filters, page=page, page_size=page_size, cursor=cursor
    )
    # psycopg prepares a statement after 5 runs and PostgreSQL may then plan it once for any
    # values: a generic plan cannot tell the province (all rows) from a unit (1 %), nor use the
    # trigram index for an unknown pattern. Plan the list with its values, in this transaction.
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    where, table = count_source(caller_org, filters)
    few = None
    matches = await listing.guess(session, where, table) if filters.q else 0
    if filters.q and not listing.beyond(matches, listing.SEARCH_COUNT_LIMIT):
        few = await search_lists.few_matches(
            session, where, page=page, page_size=page_size, cursor=cursor
        )
    found = few[0] if few is not None else (await session.execute(stmt)).all()
    rows = [summary_row(r) for r in found[:page_size]]
    following = None
    if len(found) > page_size:
        following = listing.Cursor(found[page_size - 1].created_at, found[page_size - 1].id)
    total = _counted(page, page_size, rows) if following is None and cursor is None else None
    if few is not None:
        total = listing.Total(few[1], is_estimate=False)
    elif total is None and filters.q:  # more matches than a search counts (or expected so)
        total = listing.Total(max(matches, listing.SEARCH_COUNT_LIMIT + 1), is_estimate=True)
    elif total is None:
        total = await listing.total(session, where, table, counter=count)
    return ListPage(
        rows=rows,
        total=total.value,
        total_is_estimate=total.is_estimate,
        next_cursor=None if following is None else following.encode(),
    )


def _waiting(org_code: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """In review at `org_code`; returned to `org_code` for resubmission (partial indexes)."""
    return and_(IN_REVIEW, Dossier.stage_org == org_code), and_(
        RETURNED, Dossier.proposer_org == org_code
    )


def _due_key(row: SummaryRow) -> tuple[bool, datetime, datetime, str]:
    due = row.due_at or row.created_at
    return (row.due_at is None, due, row.created_at, row.id)


async def waiting_for(
    *, session: AsyncSession, org_code: str, limit: int, offset: int = 0
) -> list[SummaryRow]:
    """Dossiers whose current stage is at `org_code`, or returned to it for resubmission,
    earliest due first, from the `offset`-th: one ordered range read per partial index
    (its first `offset + limit`), merged."""
    order = (Dossier.due_at.asc().nulls_last(), Dossier.created_at, Dossier.id)
    rows: list[SummaryRow] = []
    for where in _waiting(org_code):
        stmt = select(*SUMMARY_COLUMNS).where(where).order_by(*order).limit(offset + limit)
        rows += [summary_row(r) for r in (await session.execute(stmt)).all()]
    return sorted(rows, key=_due_key)[offset : offset + limit]


async def count_waiting(*, session: AsyncSession, org_code: str) -> int:
    """Exact number of dossiers waiting for `org_code` (the inbox total is never estimated)."""
    total = 0
    for where in _waiting(org_code):
        total += int(
            await session.scalar(select(func.count()).select_from(Dossier).where(where)) or 0
        )
    return total
