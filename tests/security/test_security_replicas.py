"""Two API processes on one database share the login throttle and the objection limit.

A second `python -m api` joins the security stack; the client address is set with
X-Forwarded-For (uvicorn trusts it from 127.0.0.1), one fresh address per test.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest

from bench.client import PASSWORD
from tests.security.conftest import World
from tests.support.stack import ProcessStack

FREE_FAILURES = 5  # the default TDKT_LOGIN_FREE_FAILURES
OBJECTIONS = 5  # api.ratelimit.OBJECTIONS_PER_WINDOW


@pytest.fixture(scope="module")
async def replicas(security_stack: ProcessStack) -> AsyncIterator[list[httpx.AsyncClient]]:
    second = security_stack.start_extra_api("api-replica")
    async with (
        httpx.AsyncClient(base_url=security_stack.base_url, timeout=30) as first,
        httpx.AsyncClient(base_url=second, timeout=30) as other,
    ):
        yield [first, other]


def _address() -> dict[str, str]:
    return {"X-Forwarded-For": f"198.18.{secrets.randbelow(250)}.{secrets.randbelow(250)}"}


async def test_the_login_throttle_is_shared_by_replicas(
    world: World, replicas: list[httpx.AsyncClient]
) -> None:
    officer = world.orgs.officer_units[0][0]
    headers = _address()
    for attempt in range(FREE_FAILURES):
        r = await replicas[attempt % 2].post(
            "/api/v1/auth/token", data={"username": officer, "password": "wrong"}, headers=headers
        )
        assert r.status_code == 401, r.text
    # Neither process saw more than three of the five failures, yet both refuse now.
    for api in replicas:
        r = await api.post(
            "/api/v1/auth/token",
            data={"username": officer, "password": PASSWORD},
            headers=_address(),
        )
        assert r.status_code == 429, r.text
        assert int(r.headers["retry-after"]) >= 1
    stored = world.stack.sql(
        "select failures from login_throttle where key = %s", f"user:{officer.casefold()}"
    )
    assert stored == [(FREE_FAILURES,)]


async def test_the_objection_limit_is_shared_by_replicas(
    world: World, replicas: list[httpx.AsyncClient]
) -> None:
    headers = _address()
    body = {"content": "Phản ánh thử nghiệm đủ dài"}
    path = "/api/v1/public/postings/HS-2026-NOTHERE/objections"
    for attempt in range(OBJECTIONS):
        r = await replicas[attempt % 2].post(path, json=body, headers=headers)
        assert r.status_code == 404, r.text  # counted even though nothing is there
    for api in replicas:
        r = await api.post(path, json=body, headers=headers)
        assert r.status_code == 429, r.text
        assert int(r.headers["retry-after"]) > 0
    r = await replicas[1].post(path, json=body, headers=_address())
    assert r.status_code == 404  # another address has its own budget
