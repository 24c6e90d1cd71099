"""Migration 0005 (sessions, throttle, rate limits, audit log) applies, reverts and re-applies."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from alembic import command

from store.migrate import alembic_config

TABLES = {"revoked_tokens", "login_throttle", "rate_hits", "audit_log"}


def _tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def test_migration_0005_round_trips(fresh_database_url: Callable[[], str]) -> None:
    url = fresh_database_url()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    assert _tables(dsn) >= TABLES
    config = alembic_config(url)
    command.downgrade(config, "0004")
    assert not _tables(dsn) & TABLES
    command.upgrade(config, "head")
    assert _tables(dsn) >= TABLES
    with psycopg.connect(dsn) as conn:
        column = conn.execute(
            "select column_default from information_schema.columns "
            "where table_name = 'users' and column_name = 'token_version'"
        ).fetchone()
    assert column == ("0",)
