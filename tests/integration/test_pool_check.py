"""The pool's checkout check replaces a connection the server closed, without a round trip."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import text

from store.db import make_engine, make_read_sessionmaker, make_sessionmaker


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


async def test_read_sessions_run_each_statement_alone_and_leave_the_pool_transactional(
    fresh_database_url: Callable[[], str],
) -> None:
    """A read session sends no BEGIN: each statement is its own transaction (its now() moves
    on), while an ordinary session on the same pool still runs one transaction."""
    engine = make_engine(fresh_database_url(), pool_size=1)
    stamp = text("SELECT now()")
    try:
        async with make_read_sessionmaker(engine)() as reads:
            first = await reads.scalar(stamp)
            await asyncio.sleep(0.02)
            second = await reads.scalar(stamp)
            in_block = await reads.scalar(text("SELECT pg_current_xact_id_if_assigned()"))
        async with make_sessionmaker(engine)() as session:  # the same pooled connection
            third = await session.scalar(stamp)
            await asyncio.sleep(0.02)
            fourth = await session.scalar(stamp)
            await session.rollback()
    finally:
        await engine.dispose()
    assert second > first
    assert in_block is None
    assert fourth == third
