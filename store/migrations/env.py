"""Alembic environment: online migrations with the psycopg 3 driver."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from core.settings import get_settings
from store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or get_settings().database_url
    if not url:
        raise RuntimeError("no database URL: set TDKT_DATABASE_URL")
    return str(url)


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        # One transaction per migration: the locks one migration takes (ALTER TABLE) are let
        # go before the next one starts, so code running during the upgrade never waits on a
        # whole chain, and lock orders of different migrations cannot deadlock its writes.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
