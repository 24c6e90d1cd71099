"""Bootstrap data: the state-level singleton orgs and the `admin` account; demo data on request.

Idempotent: every insert is `ON CONFLICT DO NOTHING`, so a second `make run` changes nothing.
One repair: when no account at all is an active admin (the API refuses to get there, but SQL
or an old version may have), the bootstrap `admin` gets its admin role back and is reactivated,
with a warning in the log; its password is left as it is.
"""

from __future__ import annotations

import structlog
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.security import hash_password
from core.settings import Settings
from domain.levels import Level
from domain.org_names import default_doc_symbol
from store.db import make_engine, make_sessionmaker, transaction
from store.models import Org, User
from store.repositories import users

BOOTSTRAP_ADMIN = "admin"

STATE_ORGS = (
    ("BNV", "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)", "central"),
    ("TTG", "Thủ tướng Chính phủ", "government"),
    ("CTN", "Chủ tịch nước", "president"),
)


async def insert_org(
    session: AsyncSession,
    code: str,
    name: str,
    level: str,
    parent_code: str | None = None,
    kind: str | None = None,
) -> None:
    if level == "unit" and kind is None:
        kind = "internal"
    stmt = insert(Org).values(
        code=code,
        name=name,
        level=level,
        parent_code=parent_code,
        kind=kind,
        doc_symbol=default_doc_symbol(code, Level(level), name),
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=[Org.code]))


async def insert_user(
    session: AsyncSession,
    username: str,
    password: str,
    full_name: str,
    org_code: str,
    roles: list[str],
) -> None:
    stmt = insert(User).values(
        username=username,
        password_hash=hash_password(password),
        full_name=full_name,
        org_code=org_code,
        roles=roles,
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=[User.username]))


async def seed_bootstrap(session: AsyncSession, settings: Settings) -> None:
    for code, name, level in STATE_ORGS:
        await insert_org(session, code, name, level)
    await insert_user(
        session,
        BOOTSTRAP_ADMIN,
        settings.admin_password.get_secret_value(),
        "Quản trị hệ thống",
        "BNV",
        ["admin"],
    )
    if await users.restore_admin(session=session, username=BOOTSTRAP_ADMIN):
        structlog.get_logger(__name__).warning(
            "bootstrap.admin_restored",
            username=BOOTSTRAP_ADMIN,
            reason="no active admin account was left; admin role given back and reactivated",
        )


async def seed_all(settings: Settings) -> None:
    if settings.database_url is None:
        raise SystemExit("TDKT_DATABASE_URL is not set")
    engine = make_engine(settings.database_url, pool_size=2)
    try:
        async with transaction(make_sessionmaker(engine)) as session:
            await seed_bootstrap(session, settings)
            if settings.seed_demo and settings.env != "production":
                from store.seed_demo import seed_demo
                from store.seed_demo_pki import seed_demo_certificates

                await seed_demo(session)
                await seed_demo_certificates(session, settings)
    finally:
        await engine.dispose()
