"""Migration 0024: a draft withdrawn before this revision (withdrawn, route orgs of its planned
route, no stage ever) loses its route orgs and with them the scopes above its unit and its
place in the statistics; a dossier withdrawn after its submission keeps both. The summaries
equal the scan on both sides, and the revision goes down and up again."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from store.migrate import alembic_config, upgrade_head
from store.repositories import stats

ORGS = (
    "INSERT INTO orgs (code, name, level, parent_code) VALUES"
    " ('PVP', 'P', 'province', NULL), ('PVD', 'D', 'district', 'PVP'),"
    " ('PVU', 'U', 'unit', 'PVD')"
)
DOSSIER = """
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, year)
VALUES (%s, %s, 'GIAY_KHEN', 'PVU', 'two_tier', '["unit", "district"]', ARRAY['PVD'],
    'withdrawn', 'Thành tích', %s, 'officer', now(), 2026)
"""
STAGE = """
INSERT INTO stages (dossier_id, seq, level, org_code, phase, arrived_at, closed_at, outcome)
VALUES ('PV-SENT', 1, 'district', 'PVD', 'review', now(), now(), 'withdrawn')
"""


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _fill(url: str) -> None:
    with psycopg.connect(_plain(url)) as conn:
        conn.execute(ORGS)
        for ident in ("PV-DRAFT", "PV-SENT"):
            conn.execute(DOSSIER, (ident, f"dossier-{ident}", ident.lower()))
        conn.execute(STAGE)


def _scopes(url: str) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """id → (route_orgs, scope_orgs, orgs of its dossier_scopes rows)."""
    with psycopg.connect(_plain(url)) as conn:
        rows = conn.execute(
            "SELECT d.id, d.route_orgs, d.scope_orgs,"
            " (SELECT array_agg(s.org_code ORDER BY s.org_code) FROM dossier_scopes s"
            "  WHERE s.dossier_id = d.id)"
            " FROM dossiers d WHERE d.id LIKE 'PV-%' ORDER BY d.id"
        ).fetchall()
    return {r[0]: (list(r[1]), sorted(r[2]), list(r[3])) for r in rows}


async def _withdrawn(url: str, org_code: str) -> tuple[int, int]:
    """Withdrawn dossiers in `org_code`'s statistics: (summaries, scan)."""
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine) as session:
            summary = await stats.collect(session=session, year=2026, org_code=org_code)
            scan = await stats.collect_by_scan(session=session, year=2026, org_code=org_code)
        assert summary.by_status == scan.by_status
        assert summary.by_award == scan.by_award
    finally:
        await engine.dispose()
    return summary.by_status.get("withdrawn", 0), scan.by_status.get("withdrawn", 0)


async def test_0024_narrows_the_drafts_withdrawn_before_it(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0023")
    _fill(url)
    before = _scopes(url)
    assert before["PV-DRAFT"] == (["PVD"], ["PVD", "PVP", "PVU"], ["PVD", "PVP", "PVU"])

    command.upgrade(config, "0024")
    after = _scopes(url)
    assert after["PV-DRAFT"] == ([], ["PVU"], ["PVU"])
    assert after["PV-SENT"] == before["PV-SENT"]
    with psycopg.connect(_plain(url)) as conn:
        counted = conn.execute(
            "SELECT status, n FROM stats_dossier_counts WHERE scope_org = 'PVP' AND n <> 0"
            " ORDER BY status"
        ).fetchall()
    assert counted == [("draft", 1), ("withdrawn", 1)]  # the draft: left out as drafts are
    assert await _withdrawn(url, "PVP") == (1, 1)
    assert await _withdrawn(url, "PVU") == (1, 1)

    command.downgrade(config, "0023")
    with psycopg.connect(_plain(url)) as conn:
        conn.execute("UPDATE dossiers SET summary = 'x' WHERE id = 'PV-SENT'")  # triggers run
    upgrade_head(url)
    assert _scopes(url)["PV-DRAFT"] == ([], ["PVU"], ["PVU"])
    assert await _withdrawn(url, "PVP") == (1, 1)
