"""Dossier list/search plans on ~20k rows: the visibility rule and `q` use the GIN indexes.

Plans, not timings: `EXPLAIN (FORMAT JSON)` of the exact statements `list_` runs must show no
sequential scan of `dossiers`, and the scope / trigram indexes where they are expected. The
trigger-filled `scope_orgs` column must give the same visibility as the org-tree rule.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Select, or_, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from store.models import Dossier
from store.repositories.dossiers import ListFilter, list_statements, visible_to
from store.repositories.orgs import subtree_codes

ROWS = 20_000
DISTRICTS = 10
UNITS = 10  # per district: 100 units, ~200 dossiers each
PROVINCE = "PT"

# Every dossier: proposed by unit n % 100, routed unit -> district (-> province for 30 %).
LOAD = f"""
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, stage_level, overdue)
SELECT 'HS-' || n, 'dossier-HS-' || n,
       CASE WHEN n % 10 < 3 THEN 'BK_TINH' ELSE 'GIAY_KHEN' END,
       u.code, 'three_tier', '[]'::jsonb,
       CASE WHEN n % 10 < 3 THEN ARRAY[u.code, u.parent_code, '{PROVINCE}']
            ELSE ARRAY[u.code, u.parent_code] END,
       (ARRAY['in_review', 'decided', 'returned', 'rejected'])[1 + n % 4],
       'Hoàn thành xuất sắc nhiệm vụ',
       lower('HS-' || n || ' nguyễn văn người' || n || ' trường ' || u.code),
       'bulk', now() - make_interval(mins => n),
       CASE WHEN n % 4 = 0 THEN 'district' END, n % 7 = 0
FROM generate_series(1, {ROWS}) AS n
JOIN (SELECT code, parent_code, row_number() OVER (ORDER BY code) - 1 AS k
      FROM orgs WHERE level = 'unit' AND code LIKE '{PROVINCE}%') AS u
  ON u.k = n % {DISTRICTS * UNITS}
"""


def _units() -> Iterator[tuple[str, str]]:
    for d in range(DISTRICTS):
        for u in range(UNITS):
            yield f"{PROVINCE}H{d:02d}D{u:02d}", f"{PROVINCE}H{d:02d}"


@pytest.fixture(scope="module")
def database_url_20k(fresh_database_url: Callable[[], str]) -> str:
    import psycopg

    url = fresh_database_url()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        orgs: list[tuple[str, str, str | None]] = [(PROVINCE, "province", None)]
        orgs += [(f"{PROVINCE}H{d:02d}", "district", PROVINCE) for d in range(DISTRICTS)]
        orgs += [(code, "unit", parent) for code, parent in _units()]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO orgs (code, name, level, parent_code) VALUES (%s, %s, %s, %s)",
                [(code, code, level, parent) for code, level, parent in orgs],
            )
        conn.execute(LOAD)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE dossiers")
    return url


@pytest.fixture
async def conn(database_url_20k: str) -> AsyncIterator[AsyncConnection]:
    engine = create_async_engine(database_url_20k)
    async with engine.connect() as connection:
        yield connection
    await engine.dispose()


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


async def _plan(conn: AsyncConnection, stmt: Select[Any]) -> list[dict[str, Any]]:
    compiled = stmt.compile(dialect=conn.dialect)
    result = await conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + compiled.string, compiled.params)
    return list(_nodes(result.scalar_one()[0]["Plan"]))


def _seq_scans(nodes: list[dict[str, Any]]) -> list[str]:
    return [n.get("Relation Name", "") for n in nodes if n["Node Type"] == "Seq Scan"]


def _indexes(nodes: list[dict[str, Any]]) -> set[str]:
    return {n["Index Name"] for n in nodes if "Index Name" in n}


OFFICER_ORG = f"{PROVINCE}H03D04"


async def test_scope_orgs_is_filled_with_the_proposer_ancestry_and_route(
    conn: AsyncConnection,
) -> None:
    row = (
        await conn.execute(
            select(Dossier.proposer_org, Dossier.route_orgs, Dossier.scope_orgs).limit(1)
        )
    ).one()
    unit = row.proposer_org
    district = unit[: len(PROVINCE) + 3]
    assert {unit, district, PROVINCE} <= set(row.scope_orgs)
    assert set(row.route_orgs) <= set(row.scope_orgs)


@pytest.mark.parametrize("org", [OFFICER_ORG, f"{PROVINCE}H03", PROVINCE])
async def test_scope_orgs_matches_the_org_tree_rule(conn: AsyncConnection, org: str) -> None:
    tree_rule = or_(
        Dossier.proposer_org.in_(subtree_codes(org)), Dossier.route_orgs.contains([org])
    )
    expected = set((await conn.scalars(select(Dossier.id).where(tree_rule))).all())
    got = set((await conn.scalars(select(Dossier.id).where(visible_to(org)))).all())
    assert got == expected
    assert got


async def test_upsert_and_route_change_keep_scope_orgs(conn: AsyncConnection) -> None:
    """The projection's upsert (INSERT … ON CONFLICT DO UPDATE) never nulls the column."""
    trans = await conn.begin()
    try:
        await conn.execute(
            text(
                "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile,"
                " route, route_orgs, status, created_by, version)"
                " SELECT id, workflow_id, award_code, proposer_org, route_profile, route,"
                " ARRAY[proposer_org, 'PTH09'], status, created_by, version + 1"
                " FROM dossiers WHERE id = 'HS-1'"
                " ON CONFLICT (id) DO UPDATE SET route_orgs = excluded.route_orgs,"
                " status = excluded.status, version = excluded.version"
            )
        )
        scope = await conn.scalar(select(Dossier.scope_orgs).where(Dossier.id == "HS-1"))
        assert scope is not None
        assert {"PTH09", PROVINCE, "PTH00", "PTH00D01"} <= set(scope)
    finally:
        await trans.rollback()


CASES = {
    "officer first page": (OFFICER_ORG, ListFilter(), 1),
    "officer page 20": (OFFICER_ORG, ListFilter(), 20),
    "officer status": (OFFICER_ORG, ListFilter(status="in_review"), 1),
    "officer q": (OFFICER_ORG, ListFilter(q="người1234"), 1),
    "district chair q": (f"{PROVINCE}H03", ListFilter(q="nguyễn văn người77"), 1),
    "admin q": (None, ListFilter(q="người4321"), 1),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_list_plans_use_the_gin_indexes(conn: AsyncConnection, case: str) -> None:
    org, filters, page = CASES[case]
    count, page_stmt = list_statements(caller_org=org, filters=filters, page=page, page_size=20)
    for stmt in (count, page_stmt):
        nodes = await _plan(conn, stmt)
        assert "dossiers" not in _seq_scans(nodes), (case, nodes)
    used = _indexes(await _plan(conn, count))
    if filters.q:
        assert "ix_dossiers_search_text_trgm" in used, (case, used)
    else:
        assert "ix_dossiers_scope_orgs" in used, (case, used)
