"""Apply Alembic migrations programmatically (used by `tdkt migrate` and the test fixtures)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "store" / "migrations"))
    config.attributes["database_url"] = url
    return config


def upgrade_head(url: str) -> None:
    command.upgrade(alembic_config(url), "head")
