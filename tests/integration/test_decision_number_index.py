"""Migration 0011: "is this decision number already used by this body?" is an index probe,
not a scan of every dossier (it runs inside each decision's transaction while the body's
counter row is locked), and the migration rolls back and forward on a database in use."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from store.migrate import alembic_config, upgrade_head
from store.repositories.decisions import number_used, number_used_query

ORGS = (
    "INSERT INTO orgs (code, name, level, parent_code) VALUES"
    " ('DNP', 'P', 'province', NULL), ('DND', 'D', 'district', 'DNP'),"
    " ('DNU', 'U', 'unit', 'DND')"
)
FILL = """
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, year, decision)
SELECT 'DN-' || n, 'dossier-DN-' || n, 'GIAY_KHEN', 'DNU', 'three_tier', '["unit", "district"]',
       ARRAY['DND'], 'decided', 'x', 'x', 'fill', now(), 2026,
       jsonb_build_object('authority_org', 'DND' || n % 50, 'number',
                          (n / 50 + 1) || '/QĐ-UBND', 'date', '2026-03-01')
FROM generate_series(1, 20000) AS n
"""


async def test_number_used_probes_the_index(fresh_database_url: Callable[[], str]) -> None:
    url = fresh_database_url()
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(ORGS))
            await conn.execute(text(FILL))
            await conn.execute(text("ANALYZE dossiers"))
        dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
        sql = number_used_query("DND7", 2026, "12/QĐ-UBND").compile(
            dialect=dialect, compile_kwargs={"literal_binds": True}
        )
        async with engine.connect() as conn:
            plan = "\n".join((await conn.execute(text(f"EXPLAIN {sql}"))).scalars())
        async with AsyncSession(engine) as session:
            assert await number_used(session, "DND7", 2026, "12/QĐ-UBND")
            assert not await number_used(session, "DND7", 2025, "12/QĐ-UBND")
            assert not await number_used(session, "DND7", 2026, "999/QĐ-UBND")
    finally:
        await engine.dispose()
    assert "ix_dossiers_decision_number" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_migration_0011_downgrades_and_upgrades_again(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0007")
    command.upgrade(config, "head")
    command.downgrade(config, "0007")
    upgrade_head(url)
