"""The org tree in PostgreSQL: kinds and symbols (migrations 0006, 0020), ancestry walks that
stop on a corrupt cycle, which routing then refuses in Vietnamese."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog import default_catalog
from domain.levels import Level
from domain.route_plan import plan_route
from domain.routes import OrgNode, RouteError
from store.repositories import orgs
from store.repositories.orgs import OrgRow
from store.seed import insert_org

STATE = {Level.central: "BNV", Level.government: "TTG", Level.president: "CTN"}


def _nodes(rows: list[OrgRow]) -> list[OrgNode]:
    return [OrgNode(r.code, Level(r.level), r.parent_code, r.kind) for r in rows]


async def test_kinds_and_symbols_are_stored_and_routed(db_session: AsyncSession) -> None:
    await insert_org(db_session, "T-BN", "UBND tỉnh Thử", "province")
    await insert_org(db_session, "T-SGD", "Sở Giáo dục Thử", "department", "T-BN")
    await insert_org(db_session, "T-THPT", "Trường THPT Thử", "unit", "T-SGD", "legal_entity")
    await insert_org(db_session, "T-TO", "Tổ Toán", "unit", "T-THPT")
    rows = await orgs.ancestry(session=db_session, code="T-TO")
    assert [(r.code, r.kind, r.doc_symbol) for r in rows] == [
        ("T-TO", "internal", "TT"),  # the initials of the name, never the org code
        ("T-THPT", "legal_entity", "THPTT"),
        ("T-SGD", None, "SGDT"),
        ("T-BN", None, "UBND"),
    ]
    route = plan_route(_nodes(rows), default_catalog().get("LDTT"), STATE)
    assert route.deciding_stage.org_code == "T-THPT"


async def test_a_cycle_in_the_tree_ends_the_walk_and_is_refused(db_session: AsyncSession) -> None:
    await insert_org(db_session, "C-A", "Đơn vị A", "unit")
    await insert_org(db_session, "C-B", "Đơn vị B", "unit", "C-A")
    await db_session.execute(text("UPDATE orgs SET parent_code = 'C-B' WHERE code = 'C-A'"))
    rows = await orgs.ancestry(session=db_session, code="C-A")
    assert len(rows) == orgs.MAX_DEPTH + 1
    with pytest.raises(RouteError, match="vòng lặp"):
        plan_route(_nodes(rows), default_catalog().get("LDTT"), STATE)
