"""Login throttling and lockout (per account, per address), on the API and the web login page."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from store.repositories import throttle
from tests.security.conftest import (
    ADMIN_PASSWORD,
    LOGIN_DELAY,
    LOGIN_FREE,
    PASSWORD,
    Accounts,
    bearer,
    client_at,
)


async def _login(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await http.post("/api/v1/auth/token", data={"username": username, "password": password})


def _assert_429(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    retry = int(r.headers["retry-after"])
    assert retry >= 1
    return retry


async def test_failures_are_delayed_then_the_account_locks_until_an_admin_unlocks(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    user = accounts.name("chair", "district")
    async with client_at(hard_app) as http:
        for _ in range(LOGIN_FREE):
            assert (await _login(http, user, "wrong-password")).status_code == 401
        # Blocked now: even the right password is refused until the delay is over.
        retry = _assert_429(await _login(http, user, PASSWORD))
        assert retry <= LOGIN_DELAY + 1
        await asyncio.sleep(retry)
        assert (await _login(http, user, "wrong-password")).status_code == 401  # → locked
        locked = await _login(http, user, PASSWORD)
        _assert_429(locked)
        assert "khoá" in locked.json()["detail"]
        # From another address the account is still locked.
    async with client_at(hard_app) as other:
        _assert_429(await _login(other, user, PASSWORD))
        officer = await bearer(other, accounts.name("officer", "district"), PASSWORD)
        r = await other.post(f"/api/v1/users/{user}/unlock", headers=officer)
        assert r.status_code == 403, r.text
        r = await other.post(f"/api/v1/users/{user}/unlock", headers=accounts.admin)
        assert r.status_code == 200, r.text
        assert r.json() == {"username": user, "active": True, "locked": False}
        assert (await _login(other, user, PASSWORD)).status_code == 200
        audit = await other.get("/api/v1/audit", params={"actor": user}, headers=accounts.admin)
        actions = [i["action"] for i in audit.json()["items"]]
        for action in ("auth.login", "auth.login_failed", "auth.account_locked"):
            assert action in actions, actions
        assert "auth.login_throttled" in actions
        unlocks = await other.get(
            "/api/v1/audit", params={"action": "user.unlocked"}, headers=accounts.admin
        )
        assert [i["target"] for i in unlocks.json()["items"]] == [user]


async def test_a_good_login_resets_the_account_streak(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    user = accounts.name("viewer", "district")
    async with client_at(hard_app) as http:
        for _ in range(3):
            for _ in range(LOGIN_FREE - 1):
                assert (await _login(http, user, "wrong")).status_code == 401
            assert (await _login(http, user, PASSWORD)).status_code == 200


async def test_one_address_guessing_many_accounts_is_throttled(
    hard_app: FastAPI, hard_settings: object, accounts: Accounts
) -> None:
    ip = "10.250.1.1"
    async with client_at(hard_app, ip) as http:
        for i in range(10):  # login_ip_free_failures
            r = await _login(http, f"nobody-{i}.{accounts.tag}", "guess")
            assert r.status_code == 401, r.text
        _assert_429(await _login(http, "nobody-else", "guess"))
        _assert_429(await _login(http, accounts.name("officer", "unit"), PASSWORD))
    async with client_at(hard_app, "10.250.1.2") as elsewhere:
        r = await _login(elsewhere, accounts.name("officer", "unit"), PASSWORD)
        assert r.status_code == 200, r.text


async def test_web_login_is_throttled_too(hard_app: FastAPI, accounts: Accounts) -> None:
    user = accounts.name("officer", "province")
    async with client_at(hard_app) as http:
        page = await http.get("/login")
        assert page.status_code == 200
        csrf = http.cookies["tdkt_csrf"]
        form = {"username": user, "password": "wrong", "csrf_token": csrf, "next": "/"}
        for _ in range(LOGIN_FREE):
            r = await http.post("/login", data=form)
            assert r.status_code == 401, r.text[:300]
        r = await http.post("/login", data=form | {"password": PASSWORD})
        assert r.status_code == 429, r.text[:300]
        assert int(r.headers["retry-after"]) >= 1
        assert r.headers["content-type"].startswith("text/html")
        assert "Đăng nhập sai nhiều lần" in r.text
        # The API sees the same counter.
        _assert_429(await _login(http, user, PASSWORD))
        await asyncio.sleep(int(r.headers["retry-after"]))
        r = await http.post("/login", data=form | {"password": PASSWORD})
        assert r.status_code == 303, r.text[:300]


async def test_admin_login_still_works_after_others_are_locked(hard_app: FastAPI) -> None:
    async with client_at(hard_app) as http:
        assert (await _login(http, "admin", ADMIN_PASSWORD)).status_code == 200


async def test_the_delay_doubles_with_each_failure(db_session: AsyncSession) -> None:
    key = f"user:doubling-{uuid.uuid4().hex}"
    waits = []
    for expected_failures in (1, 2, 3, 4):
        failures, locked = await throttle.record_failure(
            session=db_session, key=key, free=2, delay=10, max_delay=35, lock_after=None
        )
        assert (failures, locked) == (expected_failures, False)
        state = await throttle.blocked(session=db_session, keys=[key])
        waits.append(None if state is None else state[0])
    assert waits == [None, 10, 20, 35]  # free, base delay, doubled, capped
    failures, locked = await throttle.record_failure(
        session=db_session, key=key, free=2, delay=10, max_delay=35, lock_after=5
    )
    assert (failures, locked) == (5, True)
    assert await throttle.blocked(session=db_session, keys=[key, "ip:nobody"]) == (35, True)
    assert await throttle.clear(session=db_session, key=key)
    assert await throttle.blocked(session=db_session, keys=[key]) is None


async def test_forgotten_counters_are_purged_but_lockouts_kept(db_session: AsyncSession) -> None:
    tag = uuid.uuid4().hex
    await db_session.execute(
        text(
            "insert into login_throttle (key, failures, last_failure_at, locked) values "
            "(:old, 3, now() - interval '2 days', false), "
            "(:locked, 9, now() - interval '2 days', true)"
        ),
        {"old": f"ip:old-{tag}", "locked": f"user:locked-{tag}"},
    )
    await db_session.execute(
        text("insert into rate_hits (key, at) values (:key, now() - interval '2 days')"),
        {"key": f"objection:old-{tag}"},
    )
    await throttle.record_failure(
        session=db_session, key=f"ip:new-{tag}", free=5, delay=1, max_delay=10, lock_after=None
    )
    assert (
        await throttle.hit(session=db_session, key=f"objection:new-{tag}", limit=1, window=60)
        is None
    )
    assert (
        await throttle.hit(session=db_session, key=f"objection:new-{tag}", limit=1, window=60) == 60
    )
    keys = (await db_session.execute(text("select key from login_throttle"))).scalars().all()
    assert f"ip:old-{tag}" not in keys
    assert {f"user:locked-{tag}", f"ip:new-{tag}"} <= set(keys)
    hits = (await db_session.execute(text("select key from rate_hits"))).scalars().all()
    assert f"objection:old-{tag}" not in hits
