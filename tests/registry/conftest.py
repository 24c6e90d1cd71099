"""Registry tests: the real app over ASGI on its own migrated PostgreSQL database.

The org world and its accounts come from the API harness (`tests.api.conftest.build_world`).
The registry needs no Temporal server; the body limit is the production default, so the
5,000-row workbook is measured under the limit real users meet.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from tests.api.conftest import ADMIN_PASSWORD, World, build_world
from tests.support.app import seeded_app


@pytest.fixture(scope="session")
def registry_settings(fresh_database_url: Callable[[], str]) -> Settings:
    return Settings(
        database_url=fresh_database_url(),
        temporal_address="127.0.0.1:9",  # never dialled by the registry endpoints
        task_queue=f"registry-{uuid.uuid4().hex[:10]}",
        env="test",
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
    )


@pytest.fixture(scope="session")
async def registry_app(registry_settings: Settings) -> AsyncIterator[FastAPI]:
    async with seeded_app(registry_settings) as application:
        yield application


@pytest.fixture(scope="session")
async def client(registry_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=registry_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
        yield http


@pytest.fixture(scope="session")
async def world(client: httpx.AsyncClient) -> World:
    return await build_world(client)


@pytest.fixture
async def session(registry_app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A session of the app's own pool (what a service receives from a request)."""
    async with registry_app.state.tdkt.sessions() as db:
        yield db
