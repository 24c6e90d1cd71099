"""Migration 0026: the admins' outbox lists. The navigation's dead-letter count and the dead and
"being retried" lists read small partial indexes (never a scan of every notification ever
sent), and the migration goes down and up again on a database holding notifications."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from store.migrate import alembic_config, upgrade_head
from store.repositories import outbox

# 40,000 notifications: every 97th dead, every 89th pending after a failure (being retried),
# every 83rd pending and never tried; the rest sent
FILL = """
INSERT INTO outbox (event_key, dossier_id, recipient, kind, subject, body, status, last_error,
                    attempts)
SELECT 'ev-' || n, 'HS-' || n, 'user-' || n % 400, 'arrived', 's', 'b',
       CASE WHEN n % 97 = 0 THEN 'dead' WHEN n % 89 = 0 OR n % 83 = 0 THEN 'pending'
            ELSE 'sent' END,
       CASE WHEN n % 97 = 0 OR (n % 89 = 0 AND n % 83 <> 0) THEN 'SMTP 451' END,
       CASE WHEN n % 97 = 0 THEN 10 WHEN n % 89 = 0 AND n % 83 <> 0 THEN 3 ELSE 0 END
FROM generate_series(1, 40000) AS n
"""


async def _plan(session: AsyncSession, sql: str) -> str:
    return "\n".join((await session.execute(text(f"EXPLAIN {sql}"))).scalars())


async def test_dead_and_retrying_lists_read_their_partial_indexes(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = create_async_engine(fresh_database_url())
    dead = [n for n in range(1, 40001) if n % 97 == 0]
    retrying = [n for n in range(1, 40001) if n % 89 == 0 and n % 97 and n % 83]
    try:
        async with engine.begin() as conn:
            await conn.execute(text(FILL))
            await conn.execute(text("ANALYZE outbox"))
        async with AsyncSession(engine) as session:
            assert await outbox.count(session=session, status="dead") == len(dead)
            assert await outbox.count(session=session, status=outbox.RETRYING) == len(retrying)
            rows, total = await outbox.list_(session=session, status=outbox.RETRYING, limit=5)
            assert total == len(retrying)
            assert [r.dossier_id for r in rows] == [f"HS-{n}" for n in sorted(retrying)[-1:-6:-1]]
            assert all(r.status == "pending" and r.next_attempt_at is not None for r in rows)
            plans = {
                "ix_outbox_dead": await _plan(
                    session, "SELECT count(*) FROM outbox WHERE status = 'dead'"
                ),
                "ix_outbox_retrying": await _plan(
                    session,
                    "SELECT id FROM outbox WHERE status = 'pending' AND last_error IS NOT NULL"
                    " ORDER BY id DESC LIMIT 50",
                ),
            }
    finally:
        await engine.dispose()
    for index, plan in plans.items():
        assert index in plan, plan
        assert "Seq Scan" not in plan, plan


def test_migration_0026_downgrades_and_upgrades_again(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0025")
    command.upgrade(config, "head")
    command.downgrade(config, "0025")
    upgrade_head(url)
