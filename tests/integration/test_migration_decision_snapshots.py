"""Migration 0023: the table ``decision_snapshots`` comes and goes with its revision; a dossier
decided before it has no row (its papers read the orgs' current data)."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from alembic import command

from store.migrate import alembic_config, upgrade_head

COLUMNS = (
    "SELECT column_name FROM information_schema.columns"
    " WHERE table_name = 'decision_snapshots' ORDER BY column_name"
)


def _columns(url: str) -> list[str]:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return [r[0] for r in conn.execute(COLUMNS).fetchall()]


def test_0023_downgrades_and_upgrades(fresh_database_url: Callable[[], str]) -> None:
    url = fresh_database_url()
    config = alembic_config(url)
    assert _columns(url) == ["chairs", "dossier_id", "orgs", "taken_at"]
    command.downgrade(config, "0022")
    assert _columns(url) == []
    command.upgrade(config, "0023")
    assert _columns(url) == ["chairs", "dossier_id", "orgs", "taken_at"]
    command.downgrade(config, "0022")
    upgrade_head(url)
    assert _columns(url) == ["chairs", "dossier_id", "orgs", "taken_at"]
