"""Dossier list/search plans on ~20k rows: the visibility rule and `q` use the GIN indexes.

Plans, not timings: `EXPLAIN (FORMAT JSON)` of the exact statements `list_` runs must show no
sequential scan of `dossiers`, and the scope / trigram indexes where they are expected. The
trigger-filled `scope_orgs` column must give the same visibility as the org-tree rule.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import Select, or_, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from store.models import Dossier
from store.repositories.dossiers import ListFilter, list_statements, list_where, visible_to
from store.repositories.orgs import subtree_codes
from tests.support.list_data import OFFICER_ORG, PROVINCE, ROWS


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
    return list(_nodes(await _tree(conn, stmt)))


async def _tree(conn: AsyncConnection, stmt: Select[Any]) -> dict[str, Any]:
    compiled = stmt.compile(dialect=conn.dialect)
    result = await conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + compiled.string, compiled.params)
    plan: dict[str, Any] = result.scalar_one()[0]["Plan"]
    return plan


def _seq_scans(nodes: list[dict[str, Any]]) -> list[str]:
    return [n.get("Relation Name", "") for n in nodes if n["Node Type"] == "Seq Scan"]


def _unbounded_seq_scans(plan: dict[str, Any], bounded: bool = False) -> list[str]:
    """Sequential scans of a relation that no Limit above them stops early."""
    here = plan["Node Type"] == "Seq Scan" and not bounded
    found = [plan.get("Relation Name", "")] if here else []
    for child in plan.get("Plans", []):
        found += _unbounded_seq_scans(child, bounded or plan["Node Type"] == "Limit")
    return found


def _indexes(nodes: list[dict[str, Any]]) -> set[str]:
    return {n["Index Name"] for n in nodes if "Index Name" in n}


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


SCOPE_INDEXES = ("ix_dossier_scopes_", "pk_dossier_scopes")
CASES = {
    "officer first page": (OFFICER_ORG, ListFilter(), 1),
    "officer page 20": (OFFICER_ORG, ListFilter(), 20),
    "officer status": (OFFICER_ORG, ListFilter(status="in_review"), 1),
    "officer overdue": (OFFICER_ORG, ListFilter(overdue=True), 1),
    "officer q": (OFFICER_ORG, ListFilter(q="người1234"), 1),
    "district chair q": (f"{PROVINCE}H03", ListFilter(q="nguyễn văn người77"), 1),
    "admin q": (None, ListFilter(q="người4321"), 1),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_list_plans_use_the_scope_and_trigram_indexes(
    conn: AsyncConnection, case: str
) -> None:
    org, filters, page = CASES[case]
    count, page_stmt = list_statements(caller_org=org, filters=filters, page=page, page_size=20)
    for stmt in (count, page_stmt):
        nodes = await _plan(conn, stmt)
        assert "dossiers" not in _seq_scans(nodes), (case, nodes)
    used = _indexes(await _plan(conn, count))
    if filters.q:
        assert "ix_dossiers_search_compact_trgm" in used, (case, used)
    else:  # a caller's scope without q: only the narrow dossier_scopes rows are counted
        assert used, case
        assert all(name.startswith(SCOPE_INDEXES) for name in used), (case, used)
        assert "dossier_scopes" not in _seq_scans(await _plan(conn, count)), case
    if filters.overdue:
        assert used == {"ix_dossier_scopes_open_due"}, (case, used)


# Every filter of contract §7, alone (as an admin: no scope to narrow the rows first) and with
# a selective value, is served by its own index in the capped count; the page reads an index
# too (its filter's, or the list order's, stopping after the page).
FILTER_INDEXES = {
    "status": (
        ListFilter(status="withdrawn"),
        {"ix_dossiers_status_created", "ix_dossiers_status"},
    ),
    "award_code": (
        ListFilter(award_code="CSTD_TINH"),
        {"ix_dossiers_award_created", "ix_dossiers_award_code"},
    ),
    "level": (
        ListFilter(level="district"),
        {"ix_dossiers_level_created", "ix_dossiers_stage_level"},
    ),
    # the admin's org_code reads that org's scope rows, each half of the OR from its own index
    "org_code": (
        ListFilter(org_code=OFFICER_ORG),
        {"ix_dossier_scopes_proposer", "ix_dossier_scopes_stage_org"},
    ),
    "overdue": (ListFilter(overdue=True), {"ix_dossiers_open_due_at"}),
    "q": (ListFilter(q="Nguyen Van Nguoi4321"), {"ix_dossiers_search_compact_trgm"}),
    "q id": (ListFilter(q="hs-1234"), {"ix_dossiers_search_compact_trgm"}),
    "combined": (
        ListFilter(status="in_review", award_code="CSTD_TINH", overdue=True),
        {"ix_dossiers_award_created", "ix_dossiers_award_code", "ix_dossiers_open_due_at"},
    ),
}


@pytest.mark.parametrize(
    "filters",
    [
        ListFilter(status="in_review"),
        ListFilter(award_code="GIAY_KHEN"),
        ListFilter(overdue=False),
        ListFilter(level="district", status="in_review"),
    ],
)
async def test_common_values_never_scan_the_whole_table(
    conn: AsyncConnection, filters: ListFilter
) -> None:
    """A common value may be read in table order, but only until the LIMIT of the capped count."""
    for org in (None, PROVINCE, OFFICER_ORG):
        count, page_stmt = list_statements(caller_org=org, filters=filters, page=3, page_size=50)
        for stmt in (count, page_stmt):
            plan = await _tree(conn, stmt)
            assert "dossiers" not in _unbounded_seq_scans(plan), (filters, org, plan)


@pytest.mark.parametrize("case", list(FILTER_INDEXES))
async def test_every_filter_is_served_by_an_index(conn: AsyncConnection, case: str) -> None:
    filters, expected = FILTER_INDEXES[case]
    count, page_stmt = list_statements(caller_org=None, filters=filters, page=1, page_size=20)
    for stmt in (count, page_stmt):
        nodes = await _plan(conn, stmt)
        assert "dossiers" not in _seq_scans(nodes), (case, nodes)
        assert _indexes(nodes), (case, nodes)
    used = _indexes(await _plan(conn, count))
    assert used & expected, (case, used)


async def test_overdue_is_read_from_due_times(conn: AsyncConnection) -> None:
    """Overdue = open and past due: the due times decide, not a flag set later."""
    listed = set(
        (
            await conn.scalars(
                select(Dossier.id).where(
                    list_where(caller_org=None, filters=ListFilter(overdue=True))
                )
            )
        ).all()
    )
    expected = set(
        (
            await conn.scalars(
                text(
                    "SELECT id FROM dossiers WHERE due_at < now()"
                    " AND status NOT IN ('decided', 'rejected', 'withdrawn', 'expired')"
                )
            )
        ).all()
    )
    assert listed == expected
    assert 0 < len(expected) < ROWS // 10
