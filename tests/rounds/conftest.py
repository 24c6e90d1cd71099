"""Round tests: a small org tree in a fresh database, real round activities, fake-free outbox.

The workflow tests run the real activities (PostgreSQL) on the time-skipping server, so the
projection, the reconciliation, the escalation notices and the digest are exercised as deployed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from store.db import make_engine, make_sessionmaker, transaction
from store.models import Org, OutboxMessage, RoundEventRow, User

# alias, level, parent alias
TREE = (
    ("P", "province", None),
    ("D1", "district", "P"),
    ("U1", "unit", "D1"),
    ("U2", "unit", "D1"),
    ("D2", "district", "P"),
    ("U3", "unit", "D2"),
)


@dataclass
class Tree:
    tag: str

    def code(self, alias: str) -> str:
        return f"{alias}-{self.tag}"

    def chair(self, alias: str) -> str:
        return f"chair.{alias}.{self.tag}".lower()


@pytest.fixture(scope="module")
async def sessions(
    fresh_database_url: Callable[[], str],
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(fresh_database_url(), pool_size=4)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


async def build_tree(sessions: async_sessionmaker[AsyncSession]) -> Tree:
    """The org tree of ``TREE`` (fresh codes) with one chair per org."""
    tree = Tree(uuid.uuid4().hex[:6].upper())
    async with transaction(sessions) as session:
        for alias, level, parent in TREE:
            await session.execute(
                insert(Org).values(
                    code=tree.code(alias),
                    name=f"{level} {alias}",
                    level=level,
                    parent_code=None if parent is None else tree.code(parent),
                )
            )
            await session.execute(
                insert(User).values(
                    username=tree.chair(alias),
                    password_hash="-",
                    full_name=f"Chủ tịch {alias}",
                    org_code=tree.code(alias),
                    roles=["chair"],
                    email=f"{tree.chair(alias)}@example.vn",
                )
            )
    return tree


@pytest.fixture
async def tree(sessions: async_sessionmaker[AsyncSession]) -> Tree:
    return await build_tree(sessions)


async def outbox(sessions: async_sessionmaker[AsyncSession], *where: Any) -> list[OutboxMessage]:
    async with sessions() as session:
        rows = await session.scalars(select(OutboxMessage).where(*where).order_by(OutboxMessage.id))
        return list(rows.all())


async def round_events(
    sessions: async_sessionmaker[AsyncSession], round_code: str
) -> list[RoundEventRow]:
    async with sessions() as session:
        rows = await session.scalars(
            select(RoundEventRow)
            .where(RoundEventRow.round_code == round_code)
            .order_by(RoundEventRow.at, RoundEventRow.id)
        )
        return list(rows.all())


# The HTTP stack of the API tests (real app, PostgreSQL, Temporal dev server, worker), with a
# policy that lets a round escalate every few seconds (the default floor is one working day).
from tests.api.conftest import app, client, suite_settings, worker, world  # noqa: E402

POLICY = 'min_escalate_every = "PT2S"\n'


@pytest.fixture(scope="session")
def api_settings(
    fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment, tmp_root: Path
) -> Settings:
    return suite_settings(fresh_database_url(), dev_env, "rounds", tmp_root=tmp_root, policy=POLICY)


__all__ = ["Tree", "api_settings", "app", "build_tree", "client", "worker", "world"]
