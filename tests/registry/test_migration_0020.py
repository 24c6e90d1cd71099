"""Migration 0020: usernames and org codes unique by lower(...); existing clashes are named."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from alembic import command

from store.migrate import alembic_config

INDEXES = {"uq_users_username_lower", "uq_orgs_code_lower"}


def _indexes(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("select indexname from pg_indexes where schemaname = 'public'")
        return {r[0] for r in rows} & INDEXES


def test_migration_0020_names_existing_clashes_and_then_applies(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    assert _indexes(dsn) == INDEXES
    config = alembic_config(url)
    command.downgrade(config, "0019")
    assert _indexes(dsn) == set()
    with psycopg.connect(dsn) as conn:
        conn.execute("insert into orgs (code, name, level) values ('MIG', 'Tỉnh thử', 'province')")
        for name in ("Mig.User", "mig.user"):
            conn.execute(
                "insert into users (username, password_hash, full_name, org_code, roles) "
                "values (%s, 'x', 'x', 'MIG', array['viewer'])",
                (name,),
            )
    with pytest.raises(RuntimeError, match=r"Mig\.User, mig\.user"):
        command.upgrade(config, "head")
    assert _indexes(dsn) == set()
    with psycopg.connect(dsn) as conn:
        conn.execute("delete from users where username = 'Mig.User'")
    command.upgrade(config, "head")
    assert _indexes(dsn) == INDEXES
