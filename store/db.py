"""Engine and session factory. Built by entrypoints (lifespan, worker), never at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pydantic_core
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


def make_engine(url: str, *, pool_size: int = 10, pre_ping: bool = True) -> AsyncEngine:
    """An async engine on psycopg 3; `url` is a `postgresql+psycopg://` URL.

    ``pre_ping`` checks each connection on checkout (one round trip per transaction): the API
    keeps it so that a request after a PostgreSQL restart does not fail; the worker turns it
    off, since a failed activity attempt is retried and SQLAlchemy then drops the dead pool.
    """
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        json_serializer=_to_json,
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose transaction commits on success and rolls back on error."""
    async with factory() as session, session.begin():
        yield session
