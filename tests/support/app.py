"""The real FastAPI app for in-process tests: bootstrap seed, then the app's own lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.app import create_app
from core.settings import Settings
from store.db import make_engine, make_sessionmaker, transaction
from store.seed import seed_bootstrap


@asynccontextmanager
async def seeded_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """`create_app(settings)` running (lifespan entered) on a database with the bootstrap seed."""
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    async with transaction(make_sessionmaker(engine)) as session:
        await seed_bootstrap(session, settings)
    await engine.dispose()
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application
