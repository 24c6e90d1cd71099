"""The pool's checkout check replaces a connection the server closed, without a round trip."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import text

from store.db import make_engine


async def test_a_connection_the_server_closed_is_replaced_on_checkout(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    engine = make_engine(url, pool_size=1)
    admin = make_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(text("SELECT pg_backend_pid()"))
        async with admin.connect() as other:  # the server ends the idle pooled connection
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
            for _ in range(100):
                gone = not await other.scalar(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": first}
                )
                if gone:
                    break
                # pg_stat_activity is a snapshot taken once per transaction: end it, or every
                # later look repeats the first one (the backend was still exiting then)
                await other.rollback()
                await asyncio.sleep(0.05)
        async with engine.connect() as conn:  # no error: the dead connection was replaced
            second = await conn.scalar(text("SELECT pg_backend_pid()"))
    finally:
        await engine.dispose()
        await admin.dispose()
    assert gone
    assert second != first
