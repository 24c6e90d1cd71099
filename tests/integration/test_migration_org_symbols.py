"""Migration 0021: orgs get a nullable `locality`, and the symbols 0006 backfilled with the
org's own code ("1/QĐ-BN-SGD-THPTLTT") become the abbreviation of the name; a symbol an admin
chose stays. A decision number allocated for an org with no stored symbol uses the same
abbreviation (never the code)."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from store.migrate import alembic_config, upgrade_head
from store.repositories.decisions import allocate

ORGS = (
    "INSERT INTO orgs (code, name, level, parent_code, kind, doc_symbol) VALUES"
    " ('MBN', 'UBND tỉnh Bắc Ninh', 'province', NULL, NULL, 'UBND'),"
    " ('MBN-SGD', 'Sở Giáo dục và Đào tạo tỉnh Bắc Ninh', 'department', 'MBN', NULL, 'MBN-SGD'),"
    " ('MBN-SGD-THPTLTT', 'Trường THPT Lý Thái Tổ', 'unit', 'MBN-SGD', 'legal_entity',"
    "  'MBN-SGD-THPTLTT'),"
    " ('MBN-SGD-THPTHS', 'Trường THPT Hàn Thuyên', 'unit', 'MBN-SGD', 'legal_entity', 'HT.BN')"
)
SYMBOLS = "SELECT code, doc_symbol FROM orgs WHERE code LIKE 'MBN%' ORDER BY code"


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _columns(url: str) -> set[str]:
    with psycopg.connect(_plain(url)) as conn:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'orgs'"
        ).fetchall()
    return {r[0] for r in rows}


def test_0021_derives_symbols_from_names_and_adds_locality(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0020")
    assert "locality" not in _columns(url)
    with psycopg.connect(_plain(url)) as conn:
        conn.execute(ORGS)
    command.upgrade(config, "0021")
    with psycopg.connect(_plain(url)) as conn:
        assert conn.execute(SYMBOLS).fetchall() == [
            ("MBN", "UBND"),
            ("MBN-SGD", "SGDĐT"),
            ("MBN-SGD-THPTHS", "HT.BN"),  # chosen by an admin: kept
            ("MBN-SGD-THPTLTT", "THPTLTT"),
        ]
        assert conn.execute("SELECT count(*) FROM orgs WHERE locality IS NOT NULL").fetchone() == (
            0,
        )
    command.downgrade(config, "0020")
    assert "locality" not in _columns(url)
    upgrade_head(url)
    assert "locality" in _columns(url)


async def test_a_decision_number_of_an_org_without_a_stored_symbol_uses_its_abbreviation(
    fresh_database_url: Callable[[], str],
) -> None:
    url = fresh_database_url()
    with psycopg.connect(_plain(url)) as conn:
        conn.execute(ORGS)
        conn.execute("UPDATE orgs SET doc_symbol = NULL WHERE code = 'MBN-SGD-THPTLTT'")
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine) as session:
            assert await allocate(session, "MBN-SGD-THPTLTT", 2026) == "1/QĐ-THPTLTT"
            assert await allocate(session, "MBN-SGD-THPTHS", 2026) == "1/QĐ-HT.BN"
            await session.rollback()
    finally:
        await engine.dispose()
