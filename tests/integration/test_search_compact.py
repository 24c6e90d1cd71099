"""`q` through the space-free trigram index (migration 0019) keeps exactly the rows of the plain
accent-free substring test: the index only narrows the candidates.

The reference is the predicate the list used before, `search_fold LIKE '%' || tdkt_fold(q) ||
'%'` with `q`'s LIKE characters escaped, evaluated without any index; the queries are cut at
random from the stored texts (across words, inside words, spaces included), plus texts whose
letters match only once the spaces are gone, and LIKE's own characters.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import String, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from store.models import Dossier
from store.repositories.dossier_lists import text_clause

PROBES = {
    "HS-P1": "Nguyễn Văn Tuấn",
    "HS-P2": "Nguyễn Vân Tuân Anh",  # folds to the same letters as HS-P1, and more
    "HS-P3": "Lê Văn An · Trường THCS Tân An",
    "HS-P4": "Ngô Thị 50%_giảm\\x đặc biệt",
    "HS-P5": "NguyễnVănTuấn",
}


@pytest.fixture
async def conn(database_url_20k: str) -> AsyncIterator[AsyncConnection]:
    engine = create_async_engine(database_url_20k)
    async with engine.connect() as connection:
        trans = await connection.begin()
        await connection.execute(
            text(
                "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile,"
                " route, route_orgs, status, summary, search_text, created_by)"
                " SELECT i, 'dossier-' || i, 'GIAY_KHEN', 'PTH00D00', 'three_tier', '[]'::jsonb,"
                " ARRAY['PTH00D00'], 'in_review', '', lower(i || ' ' || :t), 'p'"
                " FROM CAST(:id AS text) AS i"
            ),
            [{"id": ident, "t": texts} for ident, texts in PROBES.items()],
        )
        yield connection
        await trans.rollback()
    await engine.dispose()


def _reference(q: str) -> Any:
    """The old predicate: a LIKE of the folded, escaped `q` (read without an index here)."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = literal("%", String) + func.tdkt_fold(escaped, type_=String) + literal("%", String)
    return (Dossier.search_fold + literal("", String)).like(pattern, escape="\\")


async def _ids(conn: AsyncConnection, where: Any) -> set[str]:
    return set((await conn.scalars(select(Dossier.id).where(where))).all())


async def _same(conn: AsyncConnection, q: str) -> set[str]:
    got = await _ids(conn, text_clause(q))
    assert got == await _ids(conn, _reference(q)), q
    return got


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("nguyen van tuan", {"HS-P1", "HS-P2"}),
        ("NGUYỄN VĂN TUẤN", {"HS-P1", "HS-P2"}),
        ("nguyenvantuan", {"HS-P5"}),  # the spaces are part of the text searched
        ("nguyen  van tuan", set()),
        ("van tuan", {"HS-P1", "HS-P2"}),
        ("tuân anh", {"HS-P2"}),
        ("uan a", {"HS-P2"}),
        ("n an", {"HS-P2", "HS-P3"}),
        ("van an · truong", {"HS-P3"}),
        ("50%_giam\\x", {"HS-P4"}),
        ("50%_", {"HS-P4"}),
        ("50_", set()),
        ("%", {"HS-P4"}),
        ("hs-p", set(PROBES)),
    ],
)
async def test_search_keeps_the_substring_rows(
    conn: AsyncConnection, q: str, expected: set[str]
) -> None:
    assert await _same(conn, q) & set(PROBES) == expected


async def test_random_cuts_of_stored_texts_find_the_same_rows(conn: AsyncConnection) -> None:
    rng = random.Random(20261205)
    texts = (
        await conn.scalars(
            select(Dossier.search_fold).order_by(Dossier.id).offset(rng.randrange(19_000)).limit(60)
        )
    ).all()
    found = 0
    for stored in texts:
        assert stored is not None  # the trigger folds every search_text
        start = rng.randrange(len(stored) - 4)
        q = stored[start : start + rng.randrange(3, 18)]
        rows = await _same(conn, q)
        found += bool(rows)
        # without its spaces the cut has the same trigrams in the index: still only the rows
        # that hold it as typed
        if " " in q:
            await _same(conn, q.replace(" ", ""))
    assert found == len(texts)  # every cut finds at least the row it came from
