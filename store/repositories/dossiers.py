"""Dossier read model (dossiers, nominees, dossier_events) and the API's first insert.

The API inserts the row and nominees when a dossier is submitted (version 0); the workflow's
projection activity then owns the row (it upserts newer versions only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier, DossierEvent, Nominee
from store.repositories import listing
from store.repositories.listing import Cursor
from store.repositories.orgs import subtree_codes

FINAL_STATUSES = frozenset({"decided", "rejected", "withdrawn", "expired"})
OPEN_STATUSES = frozenset({"in_review", "returned"})


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


def _past_due(d: Dossier) -> bool:
    """Due times are data: an open dossier is overdue once its due time has passed, even before
    the workflow's escalation timer has fired and the projection has set `overdue`."""
    return d.status in OPEN_STATUSES and d.due_at is not None and d.due_at < datetime.now(UTC)


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
        overdue=d.overdue or _past_due(d),
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
    dossier_id = row.id
    nominees = await session.scalars(
        select(Nominee).where(Nominee.dossier_id == dossier_id).order_by(Nominee.position)
    )
    row.nominees.extend(
        NomineeRow(
            id=n.id,
            kind=n.kind,
            name=n.name,
            title=n.title,
            outcome=n.outcome,
            bonus_vnd=n.bonus_vnd,
            birth_date=n.birth_date,
            identity_number=n.identity_number,
            eligibility=n.eligibility,
        )
        for n in nominees
    )
    events = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at, DossierEvent.id)
    )
    row.history.extend(
        {
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "level": e.level,
            "comment": e.comment,
            "org_code": e.org_code,
            "vote": (e.data or {}).get("vote"),
        }
        for e in events
    )
    return row


async def proposer_in_subtree(*, session: AsyncSession, root: str, proposer_org: str) -> bool:
    if root == proposer_org:
        return True
    tree = subtree_codes(root).subquery()
    found = await session.execute(select(tree.c.code).where(tree.c.code == proposer_org))
    return found.first() is not None


@dataclass(frozen=True)
class ListFilter:
    status: str | None = None
    award_code: str | None = None
    level: str | None = None
    org_code: str | None = None
    overdue: bool | None = None
    q: str | None = None


@dataclass(frozen=True)
class ListPage:
    rows: list[DossierRow]
    total: int
    total_is_estimate: bool
    next_cursor: str | None


# Literal SQL, not bound parameters: the partial indexes (migration 0007) are only usable when
# the planner sees these constants, also in a generic plan of a prepared statement.
OPEN = text("dossiers.status IN ('in_review', 'returned')")
NOT_OPEN = text("dossiers.status NOT IN ('in_review', 'returned')")
IN_REVIEW = text("dossiers.status = 'in_review'")
RETURNED = text("dossiers.status = 'returned'")
NOT_DRAFT = Dossier.status != "draft"


def visible_to(caller_org: str | None) -> ColumnElement[bool]:
    """Scope filter: proposed by the caller's subtree, or routed through the caller's org.

    `scope_orgs` holds the proposer org, its ancestors and the route orgs (a trigger fills it),
    so both halves are one GIN-indexed containment test.
    """
    if caller_org is None:  # every org's dossiers, but drafts are their own org's only
        return NOT_DRAFT
    return Dossier.scope_orgs.contains([caller_org])


def overdue_clause(overdue: bool) -> ColumnElement[bool]:
    """Overdue = open and past its due time (data, read through the partial `due_at` index)."""
    if overdue:
        return and_(OPEN, Dossier.due_at < func.now())
    return or_(NOT_OPEN, Dossier.due_at.is_(None), Dossier.due_at >= func.now())


def search_clause(q: str) -> ColumnElement[bool]:
    """Accent- and case-insensitive substring search: `search_fold` holds `tdkt_fold(search_text)`
    (trigger), the pattern is folded the same way, a trigram index serves the LIKE."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    folded = func.tdkt_fold(escaped)
    return Dossier.search_fold.like(func.concat("%", folded, "%"), escape="\\")


def _filters(f: ListFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.status is not None:
        clauses.append(Dossier.status == f.status)
    if f.award_code is not None:
        clauses.append(Dossier.award_code == f.award_code)
    if f.level is not None:
        clauses.append(Dossier.stage_level == f.level)
    if f.org_code is not None:
        clauses.append(or_(Dossier.proposer_org == f.org_code, Dossier.stage_org == f.org_code))
    if f.overdue is not None:
        clauses.append(overdue_clause(f.overdue))
    if f.q:
        clauses.append(search_clause(f.q))
    return clauses


def list_where(*, caller_org: str | None, filters: ListFilter) -> ColumnElement[bool]:
    return and_(visible_to(caller_org), *_filters(filters))


def list_statements(
    *,
    caller_org: str | None,
    filters: ListFilter,
    page: int,
    page_size: int,
    cursor: Cursor | None = None,
) -> tuple[Select[int], Select[Dossier]]:
    """The capped count and the page query of `list_` (one row more than the page, to see if
    another page follows). With a cursor the page starts after it (keyset), else at the offset."""
    where = list_where(caller_org=caller_org, filters=filters)
    count = listing.capped_count(where, Dossier, listing.EXACT_COUNT_LIMIT)
    page_stmt = select(Dossier).order_by(Dossier.created_at.desc(), Dossier.id)
    if cursor is not None:
        page_stmt = page_stmt.where(where, listing.after(cursor, Dossier.created_at, Dossier.id))
    else:
        page_stmt = page_stmt.where(where).offset((page - 1) * page_size)
    return count, page_stmt.limit(page_size + 1)


async def list_(
    *,
    session: AsyncSession,
    caller_org: str | None,
    filters: ListFilter,
    page: int,
    page_size: int,
    cursor: Cursor | None = None,
) -> ListPage:
    _count, stmt = list_statements(
        caller_org=caller_org, filters=filters, page=page, page_size=page_size, cursor=cursor
    )
    # psycopg prepares a statement after 5 runs and PostgreSQL may then plan it once for any
    # values: a generic plan cannot tell the province (all rows) from a unit (1 %), nor use the
    # trigram index for an unknown pattern. Plan the list with its values, in this transaction.
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    found = (await session.scalars(stmt)).all()
    rows = [_row(d) for d in found[:page_size]]
    following = None
    if len(found) > page_size:
        following = listing.Cursor(found[page_size - 1].created_at, found[page_size - 1].id)
    total = await listing.total(
        session, list_where(caller_org=caller_org, filters=filters), Dossier
    )
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


def _due_key(row: DossierRow) -> tuple[bool, datetime, datetime, str]:
    due = row.due_at or row.created_at
    return (row.due_at is None, due, row.created_at, row.id)


async def waiting_for(*, session: AsyncSession, org_code: str, limit: int) -> list[DossierRow]:
    """Dossiers whose current stage is at `org_code`, or returned to it for resubmission,
    earliest due first: one ordered range read per partial index, merged."""
    order = (Dossier.due_at.asc().nulls_last(), Dossier.created_at, Dossier.id)
    rows: list[DossierRow] = []
    for where in _waiting(org_code):
        stmt = select(Dossier).where(where).order_by(*order).limit(limit)
        rows += [_row(d) for d in (await session.scalars(stmt)).all()]
    return sorted(rows, key=_due_key)[:limit]


async def count_waiting(*, session: AsyncSession, org_code: str) -> int:
    """Exact number of dossiers waiting for `org_code` (the inbox total is never estimated)."""
    total = 0
    for where in _waiting(org_code):
        total += int(
            await session.scalar(select(func.count()).select_from(Dossier).where(where)) or 0
        )
    return total
