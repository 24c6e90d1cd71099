"""Migration 0017: `outbox.read_at` and the recipient's indexes. A user's list is a range of
`ix_outbox_recipient_id`, the navigation's unread count reads the partial index of unread rows
(never a scan of the outbox), marking read touches only the caller's rows, and the migration
goes down and up again on a database holding notifications."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from store.migrate import alembic_config, upgrade_head
from store.repositories import notifications

FILL = """
INSERT INTO outbox (event_key, dossier_id, recipient, kind, subject, body, status, read_at)
SELECT 'ev-' || n, 'HS-' || n, 'user-' || n % 400, 'arrived', 's', 'b', 'sent',
       CASE WHEN n % 7 = 0 THEN NULL ELSE now() END
FROM generate_series(1, 40000) AS n
"""


async def _plan(session: AsyncSession, sql: str) -> str:
    return "\n".join((await session.execute(text(f"EXPLAIN {sql}"))).scalars())


async def test_lists_and_counts_read_the_indexes(fresh_database_url: Callable[[], str]) -> None:
    url = fresh_database_url()
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(FILL))
            await conn.execute(text("ANALYZE outbox"))
        async with AsyncSession(engine) as session:
            # user-10 got the rows n = 10, 410, ..., 39610; those with n % 7 == 0 are unread
            unread = [10 + 400 * k for k in range(100) if (10 + 400 * k) % 7 == 0]
            assert await notifications.unread_count(session, "user-10") == len(unread)
            mine = await notifications.list_(session=session, recipient="user-10", limit=100)
            assert [r.dossier_id for r in mine] == [f"HS-{10 + 400 * k}" for k in range(99, -1, -1)]
            assert [r.read_at is None for r in mine] == [
                (10 + 400 * k) % 7 == 0 for k in range(99, -1, -1)
            ]
            count_plan = await _plan(
                session,
                "SELECT count(*) FROM (SELECT id FROM outbox WHERE recipient = 'user-10'"
                " AND read_at IS NULL LIMIT 100) x",
            )
            list_plan = await _plan(
                session,
                "SELECT id FROM outbox WHERE recipient = 'user-10' ORDER BY id DESC LIMIT 50",
            )
            middle = mine[50]
            before = [r for r in mine if r.id <= middle.id and r.read_at is None]
            marked = await notifications.mark_read(session, "user-10", up_to=middle.id)
            await session.commit()
            assert marked == len(before) > 0
            assert await notifications.unread_count(session, "user-10") == len(unread) - marked
            others = await notifications.mark_read(session, "user-20", ids=[r.id for r in mine])
            assert others == 0  # those rows are user-10's: nothing of user-20's among them
            await session.commit()
            assert await notifications.unread_count(session, "user-10") == len(unread) - marked
    finally:
        await engine.dispose()
    assert "ix_outbox_recipient_unread" in count_plan, count_plan
    assert "ix_outbox_recipient_id" in list_plan, list_plan
    assert "Seq Scan" not in count_plan + list_plan


def test_migration_0017_downgrades_and_upgrades_again(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0013")
    command.upgrade(config, "head")
    command.downgrade(config, "0013")
    upgrade_head(url)
