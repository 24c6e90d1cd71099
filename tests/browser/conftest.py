"""Web UI tests on a real stack: PostgreSQL, the Temporal dev server, a real worker, uvicorn.

* ``web_app`` is ``create_app(settings)`` on a fresh migrated database and its own task queue,
  with a small org tree (province → district → unit) and one account per role built through
  the services.
* ``live_server`` serves it with uvicorn on a free port in the test event loop, next to the
  worker, so a browser can drive it while workflows run.
* ``browser`` is Debian's Chromium driven by Playwright. A missing browser fails the run
  (``make browser`` installs it); it is never skipped and never downloaded by Playwright.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509
from fastapi import FastAPI
from playwright.async_api import Browser, async_playwright
from temporalio.testing import WorkflowEnvironment

from api.authz import Principal
from api.schemas.orgs import OrgCreate, OrgLevel, UserCreate, UserRole
from api.services import orgs
from api.services.certificates import read_pkcs12
from core.crypto import secrets_fernet
from core.settings import Settings
from launcher.ports import free_port
from store.db import make_engine, make_sessionmaker
from store.pki import issue_pkcs12, make_ca
from store.repositories import signing
from store.repositories.signing import StoredCertificate
from tests.support.app import seeded_app
from tests.support.polling import worker_polling

ADMIN_PASSWORD = "Admin#Web-2026"
PASSWORD = "Matkhau#2026"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The README's screenshots are refreshed only on request (TDKT_UPDATE_SCREENSHOTS=1 make test);
# ordinary runs take them into a temporary folder so `make test` leaves the work tree clean.
SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("TDKT_UPDATE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "tdkt-screenshots"
)
ADMIN = Principal(username="admin", full_name="admin", org_code="BNV", roles=frozenset({"admin"}))


@dataclass(frozen=True)
class People:
    """The org tree of the tests and the username of each (org alias, role)."""

    tag: str
    orgs: dict[str, str]

    def username(self, alias: str, role: str) -> str:
        return f"{role}.{alias}.{self.tag}".lower()


# alias, level, parent alias, name (Vietnamese, with an HTML-looking unit name for escaping)
TREE = (
    ("P", "province", None, "UBND tỉnh Bắc Ninh"),
    ("D", "district", "P", "UBND huyện Tiên Du"),
    ("U", "unit", "D", "Trường THCS Lạc Vệ"),
)
FULL_NAMES = {
    ("U", "officer"): "Nguyễn Thị Hoa",
    ("D", "chair"): "Trần Văn Bình",
    ("P", "chair"): "Lê Minh Đức",
}


@pytest.fixture(scope="session")
def web_settings(
    fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment, tmp_root: Path
) -> Settings:
    return Settings(
        database_url=fresh_database_url(),
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=f"web-{uuid.uuid4().hex[:10]}",
        env="test",
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
        data_dir=tmp_root / "web-data",  # attachments and signed papers
    )


@pytest.fixture(scope="session")
async def web_app(web_settings: Settings) -> AsyncIterator[FastAPI]:
    async with seeded_app(web_settings) as application:
        yield application


@pytest.fixture(scope="session")
async def people(web_app: FastAPI) -> People:
    tag = uuid.uuid4().hex[:6].upper()
    codes = {"BNV": "BNV", "TTG": "TTG", "CTN": "CTN"}
    sessions = web_app.state.tdkt.sessions
    async with sessions() as session:
        for alias, level, parent, name in TREE:
            codes[alias] = f"{alias}-{tag}"
            await orgs.create_org(
                ip="127.0.0.1",
                session=session,
                principal=ADMIN,
                body=OrgCreate(
                    code=codes[alias],
                    name=name,
                    level=OrgLevel(level),
                    parent_code=None if parent is None else codes[parent],
                ),
            )
        result = People(tag=tag, orgs=codes)
        for alias in ("P", "D", "U"):
            for role in ("officer", "chair", "viewer"):
                await orgs.create_user(
                    ip="127.0.0.1",
                    session=session,
                    principal=ADMIN,
                    body=UserCreate(
                        username=result.username(alias, role),
                        password=PASSWORD,
                        full_name=FULL_NAMES.get((alias, role), f"Cán bộ {role} {alias}"),
                        org_code=codes[alias],
                        roles=[UserRole(role)],
                    ),
                )
    return result


@pytest.fixture(scope="session")
async def signing_ca(web_app: FastAPI, web_settings: Settings, people: People) -> x509.Certificate:
    """A CA of the tests and a signing certificate (PKCS#12, stored encrypted) for the province
    and the district, as an admin's upload would leave them."""
    ca_key, ca_cert = make_ca("CA thử nghiệm tdkt")
    box = secrets_fernet(web_settings)
    password = b"Seal#2026"
    names = {alias: name for alias, _level, _parent, name in TREE}
    async with web_app.state.tdkt.sessions() as session:
        for alias in ("P", "D"):
            code = people.orgs[alias]
            p12 = issue_pkcs12(ca_key, ca_cert, code, names[alias], password)
            info = read_pkcs12(p12, password)
            stored = StoredCertificate(
                code, box.encrypt(p12), box.encrypt(password), info.subject, info.not_after
            )
            await signing.put_certificate(session=session, cert=stored, uploaded_by="admin")
        await session.commit()
    return ca_cert


@pytest.fixture(scope="session")
async def web_worker(web_settings: Settings, dev_env: WorkflowEnvironment) -> AsyncIterator[None]:
    """A real worker (worker.registry) polling the session's task queue."""
    from worker.registry import build_worker

    assert web_settings.database_url is not None
    engine = make_engine(web_settings.database_url, pool_size=4)
    running = build_worker(dev_env.client, web_settings, make_sessionmaker(engine))
    async with running:
        await worker_polling(dev_env.client, web_settings.task_queue)
        yield
    await engine.dispose()


@pytest.fixture(scope="session")
async def client(web_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=web_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
        yield http


@pytest.fixture(scope="session")
async def live_server(web_app: FastAPI, web_worker: None) -> AsyncIterator[str]:
    """uvicorn serving the app (its lifespan already ran) in this event loop."""
    port = free_port()
    config = uvicorn.Config(
        web_app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            await chromium.close()
