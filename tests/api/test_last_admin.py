"""The system never loses its last administrator (outside audit A4 §1).

An admin cannot take their own admin role away, nor disable themself (API and web admin form);
no change may leave no active admin (two admins demoting each other at once); and when the
database has none anyway (SQL, an older version), the bootstrap seed gives `admin` its role
back and reactivates it. Each refusal is a 422 naming the field, and nothing changes.

Its own database: these tests demote and restore admins, which the shared world must not see.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from temporalio.testing import WorkflowEnvironment

from api.authz import Principal
from api.errors import Invalid
from api.schemas.security import UserUpdate
from api.services import accounts
from core import i18n
from core.settings import Settings
from store.db import make_engine, make_sessionmaker, transaction
from store.models import User
from store.seed import seed_bootstrap
from tests.api.conftest import ADMIN_PASSWORD, PASSWORD, login, suite_settings
from tests.support.app import seeded_app

SELF_ROLE_VI = "Không thể tự bỏ vai trò quản trị hệ thống của mình"
SELF_ROLE_EN = "You cannot remove your own admin role"
LAST_VI = "Hệ thống phải còn ít nhất một tài khoản quản trị đang hoạt động"


@pytest.fixture(scope="module")
def admin_settings(fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment) -> Settings:
    return suite_settings(fresh_database_url(), dev_env, "last-admin")


@pytest.fixture(scope="module")
async def admin_app(admin_settings: Settings) -> AsyncIterator[FastAPI]:
    async with seeded_app(admin_settings) as application:
        yield application


@pytest.fixture
async def http(admin_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=admin_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as client:
        yield client


async def _accounts(settings: Settings) -> dict[str, tuple[tuple[str, ...], bool, str]]:
    """username → (roles, active, password hash), read straight from the database."""
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        async with transaction(make_sessionmaker(engine)) as session:
            rows = (await session.scalars(select(User))).all()
            return {u.username: (tuple(sorted(u.roles)), u.active, u.password_hash) for u in rows}
    finally:
        await engine.dispose()


async def _sql(settings: Settings, username: str, **values: Any) -> None:
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        async with transaction(make_sessionmaker(engine)) as session:
            await session.execute(update(User).where(User.username == username).values(**values))
    finally:
        await engine.dispose()


async def _second_admin(http: httpx.AsyncClient, admin: dict[str, str], name: str) -> None:
    body = {
        "username": name,
        "password": PASSWORD,
        "full_name": "Quản trị viên thứ hai",
        "org_code": "BNV",
        "roles": ["admin"],
    }
    r = await http.post("/api/v1/users", json=body, headers=admin)
    assert r.status_code == 201, r.text


async def _only_admins(settings: Settings, *names: str) -> None:
    """Disable every other admin account, so that `names` are the only active admins."""
    for username, (roles, active, _) in (await _accounts(settings)).items():
        if "admin" in roles and active and username not in names:
            await _sql(settings, username, active=False)


def _refusal(r: httpx.Response, field: str) -> str:
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    message: str = errors[0]["message"]
    return message


@pytest.mark.parametrize("roles", [["viewer"], ["officer", "chair"]])
async def test_an_admin_cannot_remove_their_own_admin_role(
    http: httpx.AsyncClient, admin_settings: Settings, roles: list[str]
) -> None:
    admin = await login(http, "admin", ADMIN_PASSWORD)
    before = await _accounts(admin_settings)
    r = await http.patch("/api/v1/users/admin", json={"roles": roles}, headers=admin)
    assert SELF_ROLE_VI in _refusal(r, "roles")
    english = {**admin, "Accept-Language": "en"}
    r = await http.patch("/api/v1/users/ADMIN", json={"roles": roles}, headers=english)
    assert SELF_ROLE_EN in _refusal(r, "roles")
    assert await _accounts(admin_settings) == before
    me = await http.get("/api/v1/me", headers=admin)
    assert me.json()["roles"] == ["admin"]
    # keeping the admin role among others is no demotion
    r = await http.patch("/api/v1/users/admin", json={"roles": ["admin", "viewer"]}, headers=admin)
    assert r.status_code == 200, r.text
    r = await http.patch("/api/v1/users/admin", json={"roles": ["admin"]}, headers=admin)
    assert r.status_code == 200, r.text


async def test_an_admin_cannot_disable_themself(
    http: httpx.AsyncClient, admin_settings: Settings
) -> None:
    admin = await login(http, "admin", ADMIN_PASSWORD)
    before = await _accounts(admin_settings)
    r = await http.patch("/api/v1/users/admin", json={"active": False}, headers=admin)
    assert "Không thể tự khoá tài khoản của mình" in _refusal(r, "active")
    assert await _accounts(admin_settings) == before


def _page_text(page: httpx.Response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


async def test_the_web_admin_form_refuses_self_demotion(
    admin_app: FastAPI, admin_settings: Settings
) -> None:
    transport = httpx.ASGITransport(app=admin_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as web:
        await web.get("/login")
        csrf = web.cookies["tdkt_csrf"]
        form = {"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf}
        assert (await web.post("/login", data=form)).status_code == 303
        csrf = web.cookies["tdkt_csrf"]  # a new session, a new token
        before = await _accounts(admin_settings)
        sent = {"csrf_token": csrf, "action": "roles", "roles": "viewer"}
        page = await web.post("/quan-tri/tai-khoan/admin", data=sent)
        assert page.status_code == 422, page.text[:300]
        assert SELF_ROLE_VI in _page_text(page)
        sent = {"csrf_token": csrf, "action": "disable"}
        page = await web.post("/quan-tri/tai-khoan/admin", data=sent)
        assert page.status_code == 422, page.text[:300]
        assert "Không thể tự khoá tài khoản của mình" in _page_text(page)
        assert await _accounts(admin_settings) == before


async def test_no_change_leaves_the_system_without_an_active_admin(
    http: httpx.AsyncClient, admin_settings: Settings
) -> None:
    """What the second of two admins demoting each other at once sees: the first already
    demoted it (committed), so its own change would remove the last active admin."""
    admin = await login(http, "admin", ADMIN_PASSWORD)
    await _second_admin(http, admin, "qt.hai")
    await _sql(admin_settings, "admin", roles=["viewer"])  # the other side's committed change
    try:
        stale = Principal(
            username="admin", full_name="Quản trị", org_code="BNV", roles=frozenset({"admin"})
        )
        for body, field in (({"roles": ["viewer"]}, "roles"), ({"active": False}, "active")):
            before = await _accounts(admin_settings)
            assert admin_settings.database_url is not None
            engine = make_engine(admin_settings.database_url, pool_size=1)
            try:
                async with make_sessionmaker(engine)() as session:
                    with pytest.raises(Invalid) as refused:
                        await accounts.update_user(
                            session=session,
                            principal=stale,
                            username="qt.hai",
                            body=UserUpdate.model_validate(body),
                            ip="127.0.0.1",
                        )
                    await session.rollback()
            finally:
                await engine.dispose()
            [error] = refused.value.errors
            assert error["field"] == field
            assert LAST_VI in error["message"]
            assert await _accounts(admin_settings) == before
        english = i18n.raw("msg.at_least_one_active_admin_must_remain", "en")
        assert english.startswith("At least one active admin")
    finally:
        await _sql(admin_settings, "admin", roles=["admin"])


async def test_two_admins_demoting_each_other_leave_one(
    http: httpx.AsyncClient, admin_settings: Settings
) -> None:
    admin = await login(http, "admin", ADMIN_PASSWORD)
    await _second_admin(http, admin, "qt.ba")
    await _only_admins(admin_settings, "admin", "qt.ba")
    other = await login(http, "qt.ba")
    try:
        results = await asyncio.gather(
            http.patch("/api/v1/users/qt.ba", json={"roles": ["viewer"]}, headers=admin),
            http.patch("/api/v1/users/admin", json={"roles": ["viewer"]}, headers=other),
        )
        statuses = sorted(r.status_code for r in results)
        assert statuses[0] == 200, [r.text for r in results]
        assert statuses[1] in (403, 422), [r.text for r in results]
        found = await _accounts(admin_settings)
        assert [u for u, (roles, active, _) in found.items() if active and "admin" in roles]
    finally:
        await _sql(admin_settings, "admin", roles=["admin"])


async def test_bootstrap_gives_the_admin_back_when_none_is_left(
    admin_settings: Settings,
) -> None:
    before = await _accounts(admin_settings)
    everyone_else = [u for u, (roles, _, _) in before.items() if "admin" in roles and u != "admin"]
    for username in everyone_else:
        await _sql(admin_settings, username, active=False)
    await _sql(admin_settings, "admin", roles=["viewer", "officer"], active=False)
    try:
        assert admin_settings.database_url is not None
        engine = make_engine(admin_settings.database_url, pool_size=1)
        try:
            async with transaction(make_sessionmaker(engine)) as session:
                await seed_bootstrap(session, admin_settings)
        finally:
            await engine.dispose()
        after = await _accounts(admin_settings)
        roles, active, password_hash = after["admin"]
        assert roles == ("admin", "officer", "viewer")  # its other roles are kept
        assert active is True
        assert password_hash == before["admin"][2]  # the password is left as it was
        assert {u: after[u] for u in everyone_else} == {
            u: (before[u][0], False, before[u][2]) for u in everyone_else
        }
    finally:
        await _sql(admin_settings, "admin", roles=["admin"], active=True)


async def test_bootstrap_leaves_a_demoted_admin_alone_while_another_admin_is_active(
    http: httpx.AsyncClient, admin_settings: Settings
) -> None:
    admin = await login(http, "admin", ADMIN_PASSWORD)
    await _second_admin(http, admin, "qt.bon")
    await _sql(admin_settings, "admin", roles=["viewer"])
    try:
        before = await _accounts(admin_settings)
        assert admin_settings.database_url is not None
        engine = make_engine(admin_settings.database_url, pool_size=1)
        try:
            async with transaction(make_sessionmaker(engine)) as session:
                await seed_bootstrap(session, admin_settings)
        finally:
            await engine.dispose()
        assert await _accounts(admin_settings) == before
    finally:
        await _sql(admin_settings, "admin", roles=["admin"])
