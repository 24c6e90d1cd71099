"""Pages of dossiers: the list (contract §7, by page number or cursor) and the inbox.

The list's statements are built by ``store.repositories.dossier_lists``; a search with few
matches is read once by ``store.repositories.search_lists``. The inbox reads the dossiers
waiting for an org through the partial indexes of migration 0007.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier
from store.repositories import listing, search_lists
from store.repositories.dossier_lists import ListFilter, count_source, list_statements
from store.repositories.dossier_summaries import SUMMARY_COLUMNS, SummaryRow, summary_row
from store.repositories.listing import Cursor


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
