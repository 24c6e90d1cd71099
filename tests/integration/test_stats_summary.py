"""Statistics summaries (migration 0007) equal the scan of the dossier tables, after every kind of
write: COPY-like bulk inserts, the projection's upserts, status changes, nominee and stage
updates, deletes, moves between orgs and years, and concurrent writers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from store.repositories import stats

PROVINCE = "SP"
ORGS: list[tuple[str, str, str | None]] = [(PROVINCE, "province", None), ("SPX", "province", None)]
ORGS += [(f"SPH{d}", "district", PROVINCE) for d in range(3)]
ORGS += [(f"SPH{d}U{u}", "unit", f"SPH{d}") for d in range(3) for u in range(3)]
ORGS += [("SPXU0", "unit", "SPX")]
UNITS = [code for code, level, _ in ORGS if level == "unit"]

# 3,000 dossiers: every status, years null / 2024 / 2025, creation times either side of the
# Vietnamese new year (UTC+7), routes of 1-3 levels, proposers at unit and district level.
DOSSIERS = f"""
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, year, stage_level)
SELECT 'ST-' || n, 'dossier-ST-' || n,
       (ARRAY['GIAY_KHEN', 'LDTT', 'BK_TINH', 'CSTD_CS'])[1 + n % 4],
       CASE WHEN n % 11 = 0 THEN 'SPH' || (n % 3) ELSE u.code END,
       'three_tier',
       (ARRAY['["unit"]', '["unit", "district"]', '["unit", "district", "province"]'])
           [1 + n % 3]::jsonb,
       ARRAY[u.code], (ARRAY['in_review', 'returned', 'decided', 'rejected', 'withdrawn',
           'expired'])[1 + n % 6],
       'tóm tắt', 'st-' || n, 'test',
       timestamptz '2024-12-31 16:30:00+00' + make_interval(mins => (n % 120) - 60)
           + make_interval(days => 365 * (n % 2)),
       CASE WHEN n % 5 = 0 THEN 2024 + n % 2 END,
       (ARRAY['unit', 'district', 'province', NULL])[1 + n % 4]
FROM generate_series(1, {{rows}}) AS n
JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM orgs WHERE level = 'unit')
  AS u ON u.k = n % {len(UNITS)}
"""
NOMINEES = """
INSERT INTO nominees (id, dossier_id, position, kind, name, is_direct_worker, outcome)
SELECT d.id || '-' || k, d.id, k, (ARRAY['individual', 'collective'])[1 + (k + length(d.id)) % 2],
       'Người ' || k, (length(d.id) + k) % 3 = 0,
       (ARRAY['pending', 'approved', 'dropped'])[1 + (k * 7 + length(d.id)) % 3]
FROM dossiers d CROSS JOIN generate_series(0, 2) AS k
WHERE d.id LIKE 'ST-%' AND (k = 0 OR right(d.id, 1) < '5')
"""
STAGES = """
INSERT INTO stages (dossier_id, seq, level, org_code, phase, arrived_at, due_at, closed_at,
    overdue)
SELECT d.id, k, (ARRAY['district', 'province'])[k], 'SPH0',
       (ARRAY['review', 'public_posting'])[1 + (k + length(d.id)) % 2],
       d.created_at, d.created_at + interval '10 days',
       CASE WHEN right(d.id, 1) <> '7'
            THEN d.created_at + make_interval(days => (length(d.id) * 3 + k) % 15) END,
       right(d.id, 1) = '3'
FROM dossiers d CROSS JOIN generate_series(1, 2) AS k WHERE d.id LIKE 'ST-%'
"""

CHANGES = {
    "status changes": "UPDATE dossiers SET status = 'decided' WHERE right(id, 1) IN ('1', '2')",
    "stage moves up": "UPDATE dossiers SET stage_level = 'province' WHERE right(id, 1) = '6'",
    "reopened": "UPDATE dossiers SET status = 'returned', stage_level = 'unit'"
    " WHERE right(id, 2) = '19'",
    "nominee outcomes": "UPDATE nominees SET outcome = 'approved' WHERE right(id, 1) = '1'",
    "nominee kinds": "UPDATE nominees SET is_direct_worker = NOT is_direct_worker "
    "WHERE right(dossier_id, 1) = '4'",
    "stages close": "UPDATE stages SET closed_at = arrived_at + interval '3 days', overdue = false"
    " WHERE closed_at IS NULL",
    "stage phases": "UPDATE stages SET phase = 'review'"
    " WHERE seq = 2 AND right(dossier_id, 1) = '5'",
    "move org": "UPDATE dossiers SET proposer_org = 'SPXU0' WHERE right(id, 2) = '13'",
    "move year": "UPDATE dossiers SET year = 2026 WHERE right(id, 2) = '17'",
    "projection upsert": "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org,"
    " route_profile, route, route_orgs, status, created_by, version)"
    " SELECT id, workflow_id, award_code, proposer_org, route_profile, route, route_orgs,"
    " 'rejected', created_by, version + 1 FROM dossiers WHERE right(id, 2) = '21'"
    " UNION ALL SELECT 'ST-NEW-' || n, 'dossier-ST-NEW-' || n, 'LDTT', 'SPH1U2', 'two_tier',"
    " '[\"unit\", \"district\"]', ARRAY['SPH1U2'], 'decided', 'test', 1"
    " FROM generate_series(1, 5) AS n"
    " ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version",
    "delete": "WITH gone AS (SELECT id FROM dossiers WHERE right(id, 2) = '33'),"
    " n AS (DELETE FROM nominees WHERE dossier_id IN (SELECT id FROM gone)),"
    " s AS (DELETE FROM stages WHERE dossier_id IN (SELECT id FROM gone))"
    " SELECT 1",
    "delete dossiers": "DELETE FROM dossiers WHERE right(id, 2) = '33'",
    "delete nominees": "DELETE FROM nominees WHERE right(id, 1) = '2'",
}


@pytest.fixture(scope="module")
def stats_url(fresh_database_url: Callable[[], str]) -> str:
    url = fresh_database_url()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO orgs (code, name, level, parent_code) VALUES (%s, %s, %s, %s)",
                [(code, code, level, parent) for code, level, parent in ORGS],
            )
        conn.execute(DOSSIERS.format(rows=3000))
        conn.execute(NOMINEES)
        conn.execute(STAGES)
    return url


@pytest.fixture
async def engine(stats_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(stats_url)
    yield engine
    await engine.dispose()


async def _assert_equal(engine: AsyncEngine, label: str) -> None:
    scopes = [None, *(code for code, _, _ in ORGS)]
    async with AsyncSession(engine) as session:
        compared = 0
        for scope in scopes:
            for year in (None, 2024, 2025, 2026):
                got = await stats.collect(session=session, year=year, org_code=scope)
                want = await stats.collect_by_scan(session=session, year=year, org_code=scope)
                assert got == want, (label, scope, year)
                compared += bool(want.by_status)
        assert compared > 40, label  # most scopes and years hold dossiers


async def test_summaries_equal_the_scan_after_every_kind_of_write(engine: AsyncEngine) -> None:
    await _assert_equal(engine, "bulk load")
    async with AsyncSession(engine) as session:
        everything = await stats.collect(session=session, year=None, org_code=None)
    assert sum(everything.by_status.values()) == 3000
    assert everything.on_time
    assert set(everything.by_current_level) == {"unit", "district", "province"}
    assert everything.decided_individuals > 0
    for label, statement in CHANGES.items():
        async with engine.begin() as conn:
            await conn.execute(text(statement))
        await _assert_equal(engine, label)


async def test_a_rolled_back_write_leaves_the_summaries_alone(engine: AsyncEngine) -> None:
    async with AsyncSession(engine) as session:
        before = await stats.collect(session=session, year=None, org_code=PROVINCE)
    async with engine.connect() as conn:
        trans = await conn.begin()
        await conn.execute(text("UPDATE dossiers SET status = 'expired' WHERE id LIKE 'ST-1%'"))
        await trans.rollback()
    async with AsyncSession(engine) as session:
        after = await stats.collect(session=session, year=None, org_code=PROVINCE)
    assert after == before


async def test_concurrent_writers_keep_the_summaries_exact(engine: AsyncEngine) -> None:
    """Eight writers at once, each transaction writing one dossier like the projection does:
    its status, then its nominees, then its stages (shared summary rows of the province and
    `*` are locked in one order, so the writers wait for each other but never deadlock)."""

    async def writer(k: int) -> None:
        for step in range(15):
            params = {"id": f"ST-{k + 8 * step + 1}", "step": step, "k": k}
            async with engine.begin() as conn:
                await conn.execute(
                    text(
                        "UPDATE dossiers SET status = (ARRAY['decided', 'in_review', 'rejected'])"
                        "[1 + (:step + :k) % 3] WHERE id = :id"
                    ),
                    params,
                )
                await conn.execute(
                    text("UPDATE nominees SET outcome = 'approved' WHERE dossier_id = :id"),
                    params,
                )
                await conn.execute(
                    text("UPDATE stages SET overdue = NOT overdue WHERE dossier_id = :id"), params
                )

    await asyncio.gather(*(writer(k) for k in range(8)))
    await _assert_equal(engine, "concurrent writers")
