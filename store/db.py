"""Engine and session factory. Built by entrypoints (lifespan, worker), never at import time."""

from __future__ import annotations

import select
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pydantic_core
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def _to_json(value: Any) -> str:
    """JSON/JSONB parameters encoded in Rust (pydantic-core) rather than by ``json.dumps``:
    the dossier state stored with every commit is the largest value the worker writes."""
    return pydantic_core.to_json(value).decode()


def closed_by_server(driver_connection: Any) -> bool:
    """Whether an idle pooled connection is gone, without a round trip: psycopg knows it is
    closed or broken, or its socket is readable while no query runs (the server closed it:
    a restart, ``pg_terminate_backend``, an idle timeout) or has no socket at all."""
    if driver_connection.closed or driver_connection.broken:
        return True
    try:
        fd = driver_connection.pgconn.socket
    except Exception:  # psycopg.OperationalError: the connection has no socket any more
        return True
    readable, _, _ = select.select([fd], [], [], 0)
    return bool(readable)


def _check_on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    if closed_by_server(dbapi_connection.driver_connection):
        raise DisconnectionError("the server closed this pooled connection")


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine on psycopg 3; `url` is a `postgresql+psycopg://` URL.

    A pooled connection is checked on checkout by looking at its socket (a connection the
    server closed, e.g. after a PostgreSQL restart, is replaced before use) instead of
    SQLAlchemy's ``pool_pre_ping``, which costs a round trip per transaction: an API command
    runs up to four transactions.
    """
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=pool_size, json_serializer=_to_json
    )
    event.listen(engine.sync_engine.pool, "checkout", _check_on_checkout)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def make_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads that need no transaction of their own, on the same pool: psycopg in
    autocommit mode sends each statement alone, without the BEGIN and ROLLBACK round trips
    around it. Under READ COMMITTED every statement takes its own snapshot anyway, so what
    such a read sees is the same. A write that is one statement (it commits alone, e.g. an
    Idempotency-Key claim) may use them too; nothing that writes twice, locks across
    statements or uses SET LOCAL belongs here."""
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
    )


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose transaction commits on success and rolls back on error."""
    async with factory() as session, session.begin():
        yield session
