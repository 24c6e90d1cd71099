"""API tests: the real app (lifespan included) over ASGI, real PostgreSQL and Temporal dev server.

One fresh migrated database and one Temporal task queue per session; a small org world
(a three-tier and a two-tier province) with one account per role at each org is built through
the HTTP API itself. `Settings` objects are built explicitly; the environment is never touched.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from store.db import make_engine, make_sessionmaker
from tests.support.app import seeded_app
from tests.support.polling import worker_polling

ADMIN_PASSWORD = "Admin#Test-2026"
PASSWORD = "Matkhau#2026"
ROLES = ("officer", "chair", "viewer")


def suite_settings(
    database_url: str,
    dev_env: WorkflowEnvironment,
    name: str,
    *,
    tmp_root: Path | None = None,
    policy: str | None = None,
) -> Settings:
    """A test suite's own app settings: a fresh database, its own task queue (``name-…``) and,
    under ``tmp_root``, its data directory and the deadline policy ``policy`` (TOML)."""
    extra: dict[str, Any] = {}
    if tmp_root is not None:
        extra["data_dir"] = tmp_root / f"{name}-data"
        if policy is not None:
            extra["sla_policy"] = tmp_root / f"{name}-policy.toml"
            extra["sla_policy"].write_text(policy, encoding="utf-8")
    return Settings(
        database_url=database_url,
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=f"{name}-{uuid.uuid4().hex[:10]}",
        env="test",
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
        max_body_bytes=64_000,
        **extra,
    )


@pytest.fixture(scope="session")
def api_settings(fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment) -> Settings:
    return suite_settings(fresh_database_url(), dev_env, "api")


@pytest.fixture(scope="session")
async def app(api_settings: Settings) -> AsyncIterator[FastAPI]:
    async with seeded_app(api_settings) as application:
        yield application


@pytest.fixture(scope="session")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
        yield http


async def login(http: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = await http.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@dataclass
class World:
    """Orgs of the two demo provinces and a bearer header per (org, role)."""

    tag: str
    admin: dict[str, str]
    orgs: dict[str, str] = field(default_factory=dict)  # alias → code
    headers: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def code(self, alias: str) -> str:
        return self.orgs[alias]

    def as_(self, alias: str, role: str) -> dict[str, str]:
        return self.headers[(alias, role)]


# alias, level, parent alias; the state orgs come from the bootstrap seed.
TREE = (
    ("P3", "province", None),
    ("D1", "district", "P3"),
    ("U1", "unit", "D1"),
    ("D2", "district", "P3"),
    ("U2", "unit", "D2"),
    ("P2", "province", None),
    ("C1", "commune", "P2"),
    ("U3", "unit", "C1"),
)
STATE = {"BNV": "BNV", "TTG": "TTG", "CTN": "CTN"}


async def build_world(http: httpx.AsyncClient) -> World:
    world = World(
        tag=uuid.uuid4().hex[:6].upper(), admin=await login(http, "admin", ADMIN_PASSWORD)
    )
    world.orgs.update(STATE)
    for alias, level, parent in TREE:
        code = f"{alias}-{world.tag}"
        body: dict[str, object] = {
            "code": code,
            "name": f"{level} {alias} thử",
            "level": level,
            "parent_code": None if parent is None else world.code(parent),
        }
        response = await http.post("/api/v1/orgs", json=body, headers=world.admin)
        assert response.status_code == 201, response.text
        world.orgs[alias] = code
    for alias in (*(t[0] for t in TREE), *STATE):
        for role in ROLES:
            username = f"{role}.{alias}.{world.tag}".lower()
            body = {
                "username": username,
                "password": PASSWORD,
                "full_name": f"Người dùng {role} {alias}",
                "org_code": world.code(alias),
                "roles": [role],
            }
            response = await http.post("/api/v1/users", json=body, headers=world.admin)
            assert response.status_code == 201, response.text
            world.headers[(alias, role)] = await login(http, username)
    return world


@pytest.fixture(scope="session")
async def world(client: httpx.AsyncClient) -> World:
    return await build_world(client)


@pytest.fixture(scope="session")
async def worker(api_settings: Settings, dev_env: WorkflowEnvironment) -> AsyncIterator[None]:
    """A real worker (worker.registry) polling the session's task queue."""
    from worker.registry import build_worker

    assert api_settings.database_url is not None
    engine = make_engine(api_settings.database_url, pool_size=4)
    running = build_worker(dev_env.client, api_settings, make_sessionmaker(engine))
    async with running:
        await worker_polling(dev_env.client, api_settings.task_queue)
        yield
    await engine.dispose()


async def submit(
    http: httpx.AsyncClient,
    world: World,
    *,
    proposer: str = "U1",
    award_code: str = "GIAY_KHEN",
    nominees: list[dict[str, object]] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    body = {
        "proposer_org": world.code(proposer),
        "award_code": award_code,
        "summary": "Thành tích xuất sắc năm 2026",
        "nominees": nominees
        or [{"kind": "individual", "name": "Nguyễn Văn An", "is_direct_worker": True}],
    }
    return await http.post(
        "/api/v1/dossiers", json=body, headers=headers or world.as_(proposer, "officer")
    )


async def eventually(
    http: httpx.AsyncClient,
    path: str,
    headers: dict[str, str],
    predicate: Callable[[Any], bool],
    *,
    params: dict[str, str] | None = None,
    within: float = 15.0,
) -> Any:
    """GET `path` until `predicate(json)` holds (the read model follows the workflow shortly)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        body = (await http.get(path, headers=headers, params=params)).json()
        if predicate(body):
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{path}: condition not met within {within}s; last: {body}")
        await asyncio.sleep(0.1)
