"""Migration 0007 on a filled table while a writer keeps inserting: the writes go on during the
index builds (CREATE INDEX CONCURRENTLY) and the search backfill, every index ends valid, every
row (old and new) is searchable, and the statistics summaries equal the scan.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import psycopg
import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from launcher.postgres import EmbeddedPostgres
from store.migrate import alembic_config
from store.repositories import stats

ROWS = 60_000
FILL = f"""
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, year, due_at)
SELECT 'MG-' || n, 'dossier-MG-' || n, (ARRAY['GIAY_KHEN', 'LDTT'])[1 + n % 2],
       (ARRAY['MGU1', 'MGU2'])[1 + n % 2], 'three_tier', '["unit", "district"]',
       ARRAY['MGD'], (ARRAY['in_review', 'decided', 'returned'])[1 + n % 3], 'Thành tích',
       lower('MG-' || n || ' Nguyễn Thị Hằng ' || n), 'fill', now() - make_interval(mins => n),
       2025, now() + make_interval(hours => n % 50 - 25)
FROM generate_series(1, {ROWS}) AS n
"""
NOMINEES = """
INSERT INTO nominees (id, dossier_id, position, kind, name, outcome, is_direct_worker)
SELECT id || '-1', id, 0, 'individual', 'Nguyễn Thị Hằng', 'approved', length(id) % 2 = 0
FROM dossiers WHERE status = 'decided'
"""
NEW_INDEXES = (
    "ix_dossiers_search_compact_trgm",
    "ix_dossiers_open_due_at",
    "ix_dossiers_open_scope_orgs",
    "ix_dossiers_status_created",
    "ix_dossiers_award_created",
    "ix_dossiers_level_created",
    "ix_dossiers_proposer_created",
    "ix_dossiers_stage_org_created",
    "ix_dossiers_inbox_review",
    "ix_dossiers_inbox_returned",
)


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def filled_at_0003(pg: EmbeddedPostgres) -> str:
    name = f"m_{uuid.uuid4().hex[:10]}"
    pg.ensure_database(name)
    url = pg.url(name)
    command.upgrade(alembic_config(url), "0003")
    with psycopg.connect(_plain(url)) as conn:
        conn.execute(
            "INSERT INTO orgs (code, name, level, parent_code) VALUES"
            " ('MGP', 'P', 'province', NULL), ('MGD', 'D', 'district', 'MGP'),"
            " ('MGU1', 'U1', 'unit', 'MGD'), ('MGU2', 'U2', 'unit', 'MGD')"
        )
        conn.execute(FILL)
        conn.execute(NOMINEES)
    return url


async def _writer(url: str, stop: asyncio.Event, stalls: list[float]) -> int:
    """Insert a dossier and its nominee per transaction until `stop`; record each duration."""
    written = 0
    async with await psycopg.AsyncConnection.connect(_plain(url), autocommit=True) as conn:
        while not stop.is_set():
            ident = f"MW-{written}"
            started = time.perf_counter()
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org,"
                    " route_profile, route, route_orgs, status, search_text, created_by, year)"
                    " VALUES (%s, %s, 'LDTT', 'MGU1', 'three_tier', '[\"unit\"]', '{MGU1}',"
                    " 'decided', %s, 'writer', 2025)",
                    (ident, f"dossier-{ident}", f"{ident.lower()} trần văn đức"),
                )
                await conn.execute(
                    "INSERT INTO nominees (id, dossier_id, position, kind, name, outcome,"
                    " is_direct_worker) VALUES (%s, %s, 0, 'individual', 'Đức', 'approved', true)",
                    (f"{ident}-1", ident),
                )
            stalls.append(time.perf_counter() - started)
            written += 1
            await asyncio.sleep(0.005)
    return written


async def test_migration_builds_indexes_while_writes_go_on(filled_at_0003: str) -> None:
    url = filled_at_0003
    stop, stalls = asyncio.Event(), list[float]()
    writer = asyncio.create_task(_writer(url, stop, stalls))
    await asyncio.sleep(0.5)
    before = len(stalls)
    started = time.perf_counter()
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
    migration_s = time.perf_counter() - started
    during = len(stalls) - before
    await asyncio.sleep(0.3)
    stop.set()
    written = await writer
    # the writer kept committing while the migration ran, never waiting for all of it
    assert during > 20, (during, migration_s)
    assert max(stalls) < migration_s * 0.8, (max(stalls), migration_s)
    with psycopg.connect(_plain(url)) as conn:
        invalid = conn.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE NOT i.indisvalid OR NOT i.indisready"
        ).fetchall()
        assert invalid == []
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes").fetchall()}
        assert set(NEW_INDEXES) <= names
        # 0019 dropped the trigram indexes no query reads any more
        assert not {"ix_dossiers_search_fold_trgm", "ix_dossiers_search_text_trgm"} & names
        missing = conn.execute("SELECT count(*) FROM dossiers WHERE search_fold IS NULL").fetchone()
        assert missing == (0,)
        found = conn.execute(
            "SELECT count(*) FROM dossiers WHERE search_fold LIKE '%tran van duc%'"
        ).fetchone()
        assert found == (written,)
        # 0019's space-free index: rows written during the build are found through it
        compact = conn.execute(
            "SELECT count(*) FROM dossiers WHERE replace(search_fold, ' ', '') LIKE"
            " '%tranvanduc%' AND strpos(search_fold, 'tran van duc') > 0"
        ).fetchone()
        assert compact == (written,)
    engine = create_async_engine(url)
    async with AsyncSession(engine) as session:
        for scope in (None, "MGP", "MGU1", "MGU2"):
            got = await stats.collect(session=session, year=2025, org_code=scope)
            assert got == await stats.collect_by_scan(session=session, year=2025, org_code=scope)
        everything = await stats.collect(session=session, year=None, org_code=None)
    await engine.dispose()
    assert sum(everything.by_status.values()) == ROWS + written


def test_downgrade_and_upgrade_again(filled_at_0003: str) -> None:
    config = alembic_config(filled_at_0003)
    command.upgrade(config, "head")
    command.downgrade(config, "0003")
    with psycopg.connect(_plain(filled_at_0003)) as conn:
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes").fetchall()}
        assert not set(NEW_INDEXES) & names
        conn.execute("UPDATE dossiers SET status = 'rejected' WHERE id = 'MG-1'")
    command.upgrade(config, "head")
    with psycopg.connect(_plain(filled_at_0003)) as conn:
        rejected = conn.execute(
            "SELECT sum(n) FROM stats_dossier_counts WHERE scope_org = '*' AND status = 'rejected'"
        ).fetchone()
        assert rejected == (1,)
