"""A search's page and exact total from one read of its matches, when they are few.

The trigram index costs the same whether it feeds the page or the count, so a search with at
most `SEARCH_COUNT_LIMIT` matches reads their keys once (one index pass), sorts them in list
order here, and takes the page (by number or after a cursor) and the exact total from them.
More matches than that: the page is read in list order (a common term fills it after a few
rows) and the total is the planner's estimate, flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier
from store.repositories import listing
from store.repositories.dossier_summaries import SUMMARY_COLUMNS
from store.repositories.listing import Cursor


def _after(cursor: Cursor | None, key: Any) -> bool:
    if cursor is None:
        return True
    return bool(
        key.created_at < cursor.created_at
        or (key.created_at == cursor.created_at and key.id > cursor.id)
    )


async def few_matches(
    session: AsyncSession,
    where: ColumnElement[bool],
    *,
    page: int,
    page_size: int,
    cursor: Cursor | None,
) -> tuple[Sequence[Any], int] | None:
    """(the page's rows of `SUMMARY_COLUMNS` and one more when it exists, the exact total), or
    None when the search has more than `SEARCH_COUNT_LIMIT` matches."""
    limit = listing.SEARCH_COUNT_LIMIT
    keys = (
        await session.execute(select(Dossier.id, Dossier.created_at).where(where).limit(limit + 1))
    ).all()
    if len(keys) > limit:
        return None
    # list order: created_at newest first, then id (a stable sort keeps the id order of ties)
    ordered = sorted(sorted(keys, key=lambda k: k.id), key=lambda k: k.created_at, reverse=True)
    start = 0 if cursor is not None else (page - 1) * page_size
    chosen = [k.id for k in ordered if _after(cursor, k)][start : start + page_size + 1]
    if not chosen:
        return [], len(ordered)
    rows = await session.execute(select(*SUMMARY_COLUMNS).where(Dossier.id.in_(chosen)))
    found = {row.id: row for row in rows}
    return [found[i] for i in chosen if i in found], len(ordered)
