"""Migration 0013 on a filled table while a writer keeps inserting and changing dossiers: the
writes go on during the backfill and the CONCURRENTLY index builds, every index ends valid, and
`dossier_scopes` then holds exactly one row per (scope org, dossier) with the dossier's current
list columns — rows written before, during and after the backfill alike.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import psycopg
import pytest
from alembic import command

from launcher.postgres import EmbeddedPostgres
from store.migrate import alembic_config

ROWS = 40_000
FILL = f"""
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, due_at)
SELECT 'LS-' || n, 'dossier-LS-' || n, (ARRAY['GIAY_KHEN', 'LDTT'])[1 + n % 2],
       (ARRAY['LSU1', 'LSU2'])[1 + n % 2], 'three_tier', '["unit", "district"]',
       ARRAY['LSD'], (ARRAY['in_review', 'decided', 'returned'])[1 + n % 3], 'Thành tích',
       'ls-' || n, 'fill', now() - make_interval(mins => n),
       now() + make_interval(hours => n % 50 - 25)
FROM generate_series(1, {ROWS}) AS n
"""
INDEXES = (
    "ix_dossier_scopes_list",
    "ix_dossier_scopes_status",
    "ix_dossier_scopes_award",
    "ix_dossier_scopes_level",
    "ix_dossier_scopes_stage_org",
    "ix_dossier_scopes_proposer",
    "ix_dossier_scopes_open_due",
    "ix_dossiers_open_created",
    "ix_dossiers_id_pattern",
)
DIFFERENCE = """
SELECT count(*) FROM (
    (SELECT s.org, d.id, d.created_at, d.status, d.award_code, d.stage_level, d.stage_org,
            d.proposer_org,
            CASE WHEN d.status IN ('in_review', 'returned') THEN d.due_at END
     FROM dossiers d CROSS JOIN LATERAL unnest(d.scope_orgs) AS s(org)
     {op}
     SELECT org_code, dossier_id, created_at, status, award_code, stage_level, stage_org,
            proposer_org, open_due_at FROM dossier_scopes)
) x
"""


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def filled_at_0007(pg: EmbeddedPostgres) -> str:
    name = f"m_{uuid.uuid4().hex[:10]}"
    pg.ensure_database(name)
    url = pg.url(name)
    command.upgrade(alembic_config(url), "0011")
    with psycopg.connect(_plain(url)) as conn:
        conn.execute(
            "INSERT INTO orgs (code, name, level, parent_code) VALUES"
            " ('LSP', 'P', 'province', NULL), ('LSD', 'D', 'district', 'LSP'),"
            " ('LSU1', 'U1', 'unit', 'LSD'), ('LSU2', 'U2', 'unit', 'LSD')"
        )
        conn.execute(FILL)
    return url


async def _writer(url: str, stop: asyncio.Event, stalls: list[float]) -> int:
    """Per transaction: insert a dossier and change an old one (status, due time, stage), until
    `stop`; record each duration."""
    written = 0
    async with await psycopg.AsyncConnection.connect(_plain(url), autocommit=True) as conn:
        while not stop.is_set():
            ident = f"LW-{written}"
            started = time.perf_counter()
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org,"
                    " route_profile, route, route_orgs, status, created_by, due_at)"
                    " VALUES (%s, %s, 'LDTT', 'LSU1', 'three_tier', '[\"unit\"]', '{LSU1}',"
                    " 'in_review', 'writer', now() + interval '1 day')",
                    (ident, f"dossier-{ident}"),
                )
                await conn.execute(
                    "UPDATE dossiers SET status = 'returned', stage_level = 'district',"
                    " stage_org = 'LSD', due_at = now() - interval '1 hour' WHERE id = %s",
                    (f"LS-{1 + (written * 7919) % ROWS}",),
                )
            stalls.append(time.perf_counter() - started)
            written += 1
            await asyncio.sleep(0.005)
    return written


async def test_0013_backfills_and_indexes_while_writes_go_on(filled_at_0007: str) -> None:
    url = filled_at_0007
    stop, stalls = asyncio.Event(), list[float]()
    writer = asyncio.create_task(_writer(url, stop, stalls))
    await asyncio.sleep(0.5)
    before = len(stalls)
    started = time.perf_counter()
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0013")
    migration_s = time.perf_counter() - started
    during = len(stalls) - before
    await asyncio.sleep(0.3)
    stop.set()
    written = await writer
    assert during > 20, (during, migration_s)
    assert max(stalls) < migration_s * 0.8, (max(stalls), migration_s)
    with psycopg.connect(_plain(url)) as conn:
        invalid = conn.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE NOT i.indisvalid OR NOT i.indisready"
        ).fetchall()
        assert invalid == []
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes").fetchall()}
        assert set(INDEXES) <= names
        for op in ("EXCEPT", "EXCEPT ALL"):
            assert conn.execute(DIFFERENCE.format(op=op)).fetchone() == (0,), op
        stored = conn.execute("SELECT count(*) FROM dossier_scopes").fetchone()
        # every dossier: its unit, the district, the province
        assert stored == (3 * (ROWS + written),)
        changed = conn.execute(
            "SELECT count(*) FROM dossier_scopes WHERE org_code = 'LSD' AND stage_org = 'LSD'"
        ).fetchone()
        assert changed is not None
        assert changed[0] > 0


def test_0013_downgrade_and_upgrade_again(filled_at_0007: str) -> None:
    config = alembic_config(filled_at_0007)
    command.upgrade(config, "0013")
    command.downgrade(config, "0011")
    with psycopg.connect(_plain(filled_at_0007)) as conn:
        gone = conn.execute("SELECT to_regclass('dossier_scopes')").fetchone()
        assert gone == (None,)
        conn.execute("UPDATE dossiers SET status = 'rejected' WHERE id = 'LS-1'")
    command.upgrade(config, "0013")
    with psycopg.connect(_plain(filled_at_0007)) as conn:
        row = conn.execute(
            "SELECT status, open_due_at FROM dossier_scopes WHERE dossier_id = 'LS-1'"
            " AND org_code = 'LSP'"
        ).fetchone()
        assert row == ("rejected", None)
