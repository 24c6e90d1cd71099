"""Security tests: real `python -m api` + `python -m worker` processes (`world`), or the real app
in process over ASGI (`hard_app`, faster) on real PostgreSQL and the Temporal dev server."""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from temporalio.testing import WorkflowEnvironment

from bench.client import Api
from bench.fixtures import Orgs, create_orgs
from core.settings import Settings
from tests.support.app import seeded_app
from tests.support.polling import worker_polling
from tests.support.stack import ProcessStack, started

MAX_BODY = 64 * 1024
# Stages stay open (no timer fires during the tests); public posting lasts ten minutes.
POLICY = """
public_posting = "PT600S"

[review]
district = "PT600S"
province = "PT600S"
"""


@dataclass
class World:
    stack: ProcessStack
    api: Api
    orgs: Orgs  # province P with two districts, two units each, an officer per unit
    other: Orgs  # another province: nobody there may see P's dossiers


@pytest.fixture(scope="session")
def security_stack() -> Iterator[ProcessStack]:
    # A long login delay, so that "blocked" outlasts any slowness of a loaded machine.
    extra_env = {"TDKT_LOGIN_DELAY_SECONDS": "30"}
    with started(
        "tdkt-security-", max_body_bytes=MAX_BODY, sla_policy=POLICY, extra_env=extra_env
    ) as stack:
        yield stack


@pytest.fixture(scope="session")
async def world(security_stack: ProcessStack) -> AsyncIterator[World]:
    api = Api(security_stack.base_url)
    try:
        orgs = await create_orgs(
            api,
            security_stack.admin_password,
            districts=2,
            units_per_district=2,
            officers_per_district=2,
        )
        other = await create_orgs(
            api,
            security_stack.admin_password,
            districts=1,
            units_per_district=1,
            officers_per_district=1,
        )
        yield World(security_stack, api, orgs, other)
    finally:
        await api.close()


# --- in-process app (real PostgreSQL + Temporal dev server) for the fast security tests -----

ADMIN_PASSWORD = "Admin#Hard-2026"
PASSWORD = "Matkhau#2026"
LOGIN_FREE = 3
LOGIN_LOCK = 4
LOGIN_DELAY = 3.0


@pytest.fixture(scope="session")
def hard_settings(fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment) -> Settings:
    return Settings(
        database_url=fresh_database_url(),
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=f"hard-{uuid.uuid4().hex[:10]}",
        env="test",
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
        max_body_bytes=64_000,
        login_free_failures=LOGIN_FREE,
        login_lock_after=LOGIN_LOCK,
        login_delay_seconds=LOGIN_DELAY,
        login_max_delay_seconds=30,
        login_ip_free_failures=10,
    )


@pytest.fixture(scope="session")
async def hard_app(hard_settings: Settings) -> AsyncIterator[FastAPI]:
    async with seeded_app(hard_settings) as application:
        yield application


@pytest.fixture(scope="session")
async def hard_worker(hard_settings: Settings, dev_env: WorkflowEnvironment) -> AsyncIterator[None]:
    """A real worker polling the in-process app's task queue (dossiers can be created)."""
    from store.db import make_engine, make_sessionmaker
    from worker.registry import build_worker

    assert hard_settings.database_url is not None
    engine = make_engine(hard_settings.database_url, pool_size=4)
    async with build_worker(dev_env.client, hard_settings, make_sessionmaker(engine)):
        await worker_polling(dev_env.client, hard_settings.task_queue)
        yield
    await engine.dispose()


@contextlib.asynccontextmanager
async def client_at(app: FastAPI, ip: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client to the in-process app, seen as coming from `ip` (a fresh one if None)."""
    address = ip or f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
        yield http


async def bearer(http: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    r = await http.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@dataclass
class Accounts:
    """An org tree (province → district → unit) with an officer, a chair and a viewer each."""

    tag: str
    admin: dict[str, str]
    province: str
    district: str
    unit: str

    def name(self, role: str, level: str = "unit") -> str:
        return f"{role}.{level}.{self.tag}".lower()


async def make_user(
    http: httpx.AsyncClient, admin: dict[str, str], username: str, org: str, role: str
) -> None:
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": f"Người dùng {username}",
        "org_code": org,
        "roles": [role],
    }
    r = await http.post("/api/v1/users", json=body, headers=admin)
    assert r.status_code == 201, r.text


@pytest.fixture(scope="session")
async def accounts(hard_app: FastAPI) -> Accounts:
    async with client_at(hard_app) as http:
        admin = await bearer(http, "admin", ADMIN_PASSWORD)
        tag = uuid.uuid4().hex[:6].upper()
        codes = {}
        parent = None
        for level in ("province", "district", "unit"):
            code = f"{level[:1].upper()}-{tag}"
            body = {"code": code, "name": f"{level} {tag}", "level": level, "parent_code": parent}
            r = await http.post("/api/v1/orgs", json=body, headers=admin)
            assert r.status_code == 201, r.text
            codes[level] = parent = code
        found = Accounts(tag, admin, codes["province"], codes["district"], codes["unit"])
        for level, code in codes.items():
            for role in ("officer", "chair", "viewer"):
                await make_user(http, admin, found.name(role, level), code, role)
        return found
