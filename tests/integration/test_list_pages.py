"""List answers on 20,000 dossiers: keyset cursors and page numbers give the same rows in the
same order; totals are exact up to the cap and flagged when estimated; the search ignores
diacritics and case; the inbox is ordered by due time and counted exactly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from store.models import Dossier
from store.repositories import dossier_pages, listing
from store.repositories.dossiers import ListFilter, list_where
from store.repositories.listing import Cursor, CursorError
from tests.support.list_data import DISTRICT, OFFICER_ORG, PROVINCE, ROWS


@pytest.fixture
async def session(database_url_20k: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(database_url_20k)
    async with AsyncSession(engine) as s:
        yield s
    await engine.dispose()


async def _expected(session: AsyncSession, org: str | None, filters: ListFilter) -> list[str]:
    stmt = (
        select(Dossier.id)
        .where(list_where(caller_org=org, filters=filters))
        .order_by(Dossier.created_at.desc(), Dossier.id)
    )
    return list((await session.scalars(stmt)).all())


async def _by_pages(
    session: AsyncSession, org: str | None, filters: ListFilter, size: int
) -> list[str]:
    ids: list[str] = []
    for page in range(1, 10_000):
        result = await dossier_pages.list_(
            session=session, caller_org=org, filters=filters, page=page, page_size=size
        )
        ids += [r.id for r in result.rows]
        if len(result.rows) < size or result.next_cursor is None:
            return ids
    raise AssertionError("no last page")


async def _by_cursor(
    session: AsyncSession, org: str | None, filters: ListFilter, size: int
) -> list[str]:
    ids: list[str] = []
    cursor: Cursor | None = None
    while True:
        result = await dossier_pages.list_(
            session=session, caller_org=org, filters=filters, page=1, page_size=size, cursor=cursor
        )
        ids += [r.id for r in result.rows]
        if result.next_cursor is None:
            return ids
        cursor = Cursor.decode(result.next_cursor)


WALKS = {
    "officer": (OFFICER_ORG, ListFilter()),
    "district chair, in review": (DISTRICT, ListFilter(status="in_review")),
    "province chair, search": (PROVINCE, ListFilter(q="người12")),
    "admin, overdue": (None, ListFilter(overdue=True)),
    "admin, rare award": (None, ListFilter(award_code="CSTD_TINH")),
    "province chair, overdue": (PROVINCE, ListFilter(overdue=True)),
    "officer, not overdue": (OFFICER_ORG, ListFilter(overdue=False)),
    "district chair, award and level": (
        DISTRICT,
        ListFilter(award_code="BK_TINH", level="district"),
    ),
    "district chair, search with few matches": (DISTRICT, ListFilter(q="người2")),
    "province chair, org filter": (PROVINCE, ListFilter(org_code=DISTRICT, status="in_review")),
    "province chair, unit filter": (PROVINCE, ListFilter(org_code=OFFICER_ORG)),
    "admin, org filter": (None, ListFilter(org_code=DISTRICT)),
    "admin, unit filter": (None, ListFilter(org_code=OFFICER_ORG, overdue=False)),
}


@pytest.mark.parametrize("walk", list(WALKS))
async def test_cursor_and_page_walks_give_the_same_rows(session: AsyncSession, walk: str) -> None:
    org, filters = WALKS[walk]
    expected = await _expected(session, org, filters)
    assert 50 < len(expected) < 3000, len(expected)
    for size in (7, 50):
        by_pages = await _by_pages(session, org, filters, size)
        by_cursor = await _by_cursor(session, org, filters, size)
        assert by_pages == expected, (walk, size)
        assert by_cursor == expected, (walk, size)
    first = await dossier_pages.list_(
        session=session, caller_org=org, filters=filters, page=1, page_size=7
    )
    if not filters.q:  # fewer than the cap: counted exactly (a search may estimate, flagged)
        assert (first.total, first.total_is_estimate) == (len(expected), False), walk


async def test_the_last_page_has_no_next_cursor(session: AsyncSession) -> None:
    total = len(await _expected(session, OFFICER_ORG, ListFilter()))
    full = await dossier_pages.list_(
        session=session, caller_org=OFFICER_ORG, filters=ListFilter(), page=1, page_size=total
    )
    assert len(full.rows) == total
    assert full.next_cursor is None
    short = await dossier_pages.list_(
        session=session, caller_org=OFFICER_ORG, filters=ListFilter(), page=1, page_size=total - 1
    )
    assert short.next_cursor is not None


async def test_totals_are_exact_up_to_the_cap_and_flagged_above(session: AsyncSession) -> None:
    small = await dossier_pages.list_(
        session=session, caller_org=DISTRICT, filters=ListFilter(), page=1, page_size=20
    )
    assert small.total == len(await _expected(session, DISTRICT, ListFilter()))
    assert small.total_is_estimate is False
    large = await dossier_pages.list_(
        session=session, caller_org=None, filters=ListFilter(), page=1, page_size=20
    )
    assert large.total_is_estimate is True
    assert large.total > listing.EXACT_COUNT_LIMIT
    assert ROWS * 0.5 < large.total < ROWS * 1.5  # the planner's estimate of 20,000
    exact = await listing.total(session, list_where(caller_org=None, filters=ListFilter()), Dossier)
    assert exact.is_estimate
    counted = await listing.total(
        session, list_where(caller_org=None, filters=ListFilter()), Dossier, limit=ROWS
    )
    assert counted == listing.Total(ROWS, is_estimate=False)


async def test_no_count_runs_when_the_planner_expects_far_more_than_the_cap(
    session: AsyncSession,
) -> None:
    """Counting up to the cap only to reach it costs a scan of `limit` rows (55 ms at a million
    dossiers for the admin's award filter): the planner's estimate answers, flagged."""
    where = list_where(caller_org=None, filters=ListFilter())
    expected = await listing.guess(session, where, Dossier)
    assert listing.beyond(expected, ROWS // 4)
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    engine = session.bind.sync_engine  # type: ignore[union-attr]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        got = await listing.total(session, where, Dossier, limit=ROWS // 4)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert got == listing.Total(expected, is_estimate=True)
    assert statements  # the EXPLAIN
    assert not any("count(" in s.lower() for s in statements), statements


async def test_search_totals_are_exact_up_to_the_search_cap_and_flagged_above(
    session: AsyncSession,
) -> None:
    few = ListFilter(q="người2")
    want = await _expected(session, DISTRICT, few)
    assert 0 < len(want) <= listing.SEARCH_COUNT_LIMIT
    for page in (1, 2, 500):
        got = await dossier_pages.list_(
            session=session, caller_org=DISTRICT, filters=few, page=page, page_size=20
        )
        assert (got.total, got.total_is_estimate) == (len(want), False)
        assert [r.id for r in got.rows] == want[(page - 1) * 20 : page * 20]
    many = ListFilter(q="người12")
    assert len(await _expected(session, None, many)) > listing.SEARCH_COUNT_LIMIT
    got = await dossier_pages.list_(
        session=session, caller_org=None, filters=many, page=1, page_size=20
    )
    assert got.total_is_estimate is True
    assert got.total > listing.SEARCH_COUNT_LIMIT
    assert [r.id for r in got.rows] == (await _expected(session, None, many))[:20]


SEARCHES = {
    "accents and case": ("Nguyen Van Nguoi1234", "nguyễn văn người1234"),
    "upper case with accents": ("NGUYỄN VĂN NGƯỜI77", "nguyễn văn người77"),
    "horned letters": ("truong pth03d04", "trường pth03d04"),
    "id": ("HS-1234", "hs-1234"),
}


@pytest.mark.parametrize("case", list(SEARCHES))
async def test_search_ignores_diacritics_and_case(session: AsyncSession, case: str) -> None:
    query, stored = SEARCHES[case]
    got = await _expected(session, None, ListFilter(q=query))
    want = (
        await session.scalars(
            select(Dossier.id)
            .where(Dossier.search_text.contains(stored))
            .order_by(Dossier.created_at.desc(), Dossier.id)
        )
    ).all()
    assert got == list(want)
    assert got


async def test_search_escapes_like_wildcards(session: AsyncSession) -> None:
    for q in ("%", "_", "người_1", "\\"):
        result = await dossier_pages.list_(
            session=session, caller_org=None, filters=ListFilter(q=q), page=1, page_size=5
        )
        assert result.rows == []
        assert result.total == 0


def test_cursors_round_trip_and_refuse_anything_else() -> None:
    cursor = Cursor.decode(
        Cursor.decode(
            "WyIyMDI2LTEyLTAxVDAxOjAwOjAwLjEyMzQ1NiswMDowMCIsIkhTLTIwMjYtMDAwMDAxIl0"
        ).encode()
    )
    assert cursor.id == "HS-2026-000001"
    assert cursor.created_at.microsecond == 123456
    surrogate = Cursor.encode(Cursor(cursor.created_at, "\ud800"))
    naive = Cursor.encode(Cursor(cursor.created_at.replace(tzinfo=None), "HS-1"))
    for bad in ("", "x", "!!!", "e30", "WyJub3QgYSBkYXRlIiwiYSJd", "W10", "a" * 300, naive):
        with pytest.raises(CursorError):
            Cursor.decode(bad)
    with pytest.raises(CursorError):
        Cursor.decode(surrogate)


async def test_inbox_is_due_ordered_and_counted_exactly(session: AsyncSession) -> None:
    org = DISTRICT
    items = await dossier_pages.waiting_for(session=session, org_code=org, limit=100)
    where = text(
        "(status = 'in_review' AND stage_org = :org)"
        " OR (status = 'returned' AND proposer_org = :org)"
    ).bindparams(org=org)
    stmt = (
        select(Dossier.id)
        .where(where)
        .order_by(Dossier.due_at.asc().nulls_last(), Dossier.created_at, Dossier.id)
        .limit(100)
    )
    assert [r.id for r in items] == list((await session.scalars(stmt)).all())
    total = await session.scalar(select(func.count()).select_from(Dossier).where(where))
    assert await dossier_pages.count_waiting(session=session, org_code=org) == total
    assert len(items) == 100
    assert total is not None
    assert total > 100


async def test_the_planner_estimate_binds_each_call_s_own_values(session: AsyncSession) -> None:
    """`EXPLAIN` goes through SQLAlchemy's statement cache: one shape compiled once, each call's
    values bound (a reused compilation must not answer the first call's estimate)."""
    by_hand = {}
    for status in ("in_review", "withdrawn", "in_review"):
        where = list_where(caller_org=None, filters=ListFilter(status=status))
        got = await listing.guess(session, where, Dossier)
        plan = await session.scalar(
            text(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM dossiers "
                "WHERE status <> 'draft' AND status = :status"
            ),
            {"status": status},
        )
        by_hand[status] = plan[0]["Plan"]["Plan Rows"]
        assert got == by_hand[status], status
    assert by_hand["in_review"] > 10 * by_hand["withdrawn"] > 0
