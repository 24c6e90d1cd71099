"""Names instead of codes on pages: org names for the codes a page shows, read in one query."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Org, User
from store.repositories.orgs import names, subtree_codes


async def org_names(session: AsyncSession, codes: Iterable[str | None]) -> dict[str, str]:
    """``{code: name}`` for the given org codes (unknown codes are left out)."""
    return await names(session, codes)


FILTER_LIMIT = 500  # above this many orgs in scope, the filter stays a text box


async def orgs_in_scope(session: AsyncSession, root: str) -> list[tuple[str, str]]:
    """(code, name) of ``root`` and its descendants, by name, for a filter's choices; empty when
    there are more than ``FILTER_LIMIT`` (a national admin), so the page falls back to text."""
    scope = subtree_codes(root).subquery()
    stmt = (
        select(Org.code, Org.name)
        .where(Org.code.in_(select(scope.c.code)))
        .order_by(Org.name, Org.code)
        .limit(FILTER_LIMIT + 1)
    )
    rows = [(row[0], row[1]) for row in await session.execute(stmt)]
    return [] if len(rows) > FILTER_LIMIT else rows


async def user_names(session: AsyncSession, usernames: Iterable[str | None]) -> dict[str, str]:
    """``{username: full name}`` for the accounts a page mentions (history entries)."""
    wanted = sorted({u for u in usernames if u})
    if not wanted:
        return {}
    rows = await session.execute(
        select(User.username, User.full_name).where(User.username.in_(wanted))
    )
    return {row[0]: row[1] for row in rows}
