"""Every documented error status, as problem+json: 400, 401, 403, 404, 405, 409, 413, 422,
429 and 503 (no worker polling the task queue)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from api.app import create_app
from core.settings import Settings
from tests.api.conftest import World, submit

PROBLEM = "application/problem+json"


async def test_malformed_json_is_400(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/orgs",
        content=b'{"code": "X",',
        headers={**world.admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM


async def test_wrong_method_is_405(client: httpx.AsyncClient, world: World) -> None:
    response = await client.delete("/api/v1/orgs", headers=world.admin)
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 405


async def test_unknown_path_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


async def test_oversized_body_is_413(client: httpx.AsyncClient, world: World) -> None:
    body = {"code": "BIG", "name": "x" * 70_000, "level": "province"}
    response = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    listed = await client.get("/api/v1/orgs/BIG", headers=world.admin)
    assert listed.status_code == 404


async def test_dossier_validation_names_the_field(client: httpx.AsyncClient, world: World) -> None:
    wrong_kind = await submit(
        client, world, award_code="TTLDTT", nominees=[{"kind": "individual", "name": "A"}]
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"][0]["field"] == "nominees[0].kind"
    unknown = await submit(client, world, award_code="KHONG_CO")
    assert unknown.json()["errors"][0]["field"] == "award_code"
    body = {"proposer_org": world.code("U1"), "award_code": "LDTT", "nominees": []}
    empty = await client.post("/api/v1/dossiers", json=body, headers=world.as_("U1", "officer"))
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "nominees"


async def test_officer_of_another_org_gets_403(client: httpx.AsyncClient, world: World) -> None:
    response = await submit(client, world, proposer="U1", headers=world.as_("U2", "officer"))
    assert response.status_code == 403
    chair = await submit(client, world, proposer="U1", headers=world.as_("U1", "chair"))
    assert chair.status_code == 403


async def test_unknown_dossier_is_404(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v1/dossiers/HS-2026-NOPE", headers=world.admin)
    assert response.status_code == 404
    assert "HS-2026-NOPE" in response.json()["detail"]


async def test_objections_are_rate_limited_per_address(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {"content": "Nội dung phản ánh đủ dài", "contact": "0912345678"}
    headers = {"X-Forwarded-For": "ignored"}
    statuses = [
        (
            await client.post(
                f"/api/v1/public/postings/HS-{uuid.uuid4().hex[:6]}/objections",
                json=body,
                headers=headers,
            )
        ).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [404] * 5
    assert statuses[5] == 429


@pytest.fixture
async def no_worker_client(api_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The same database, but a task queue no worker polls."""
    settings = api_settings.model_copy(update={"task_queue": f"idle-{uuid.uuid4().hex[:8]}"})
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
            yield http


@pytest.mark.usefixtures("worker")
async def test_commands_without_worker_fail_fast_with_503_and_write_nothing(
    no_worker_client: httpx.AsyncClient, client: httpx.AsyncClient, world: World
) -> None:
    """Nothing is started or written when no worker could commit it (engine v2: a create
    answers only after its first transition is committed)."""
    listed = await client.get("/api/v1/dossiers", headers=world.as_("U1", "viewer"))
    before = listed.json()["total"]
    started = time.monotonic()
    created = await submit(no_worker_client, world)
    assert created.status_code == 503, created.text
    assert time.monotonic() - started < 5
    assert "worker" in created.json()["detail"]
    assert created.headers["Retry-After"] == "5"  # every 503 says when to come back
    listed = await client.get("/api/v1/dossiers", headers=world.as_("U1", "viewer"))
    assert listed.json()["total"] == before

    existing = await submit(client, world)  # the session's worker serves this one
    assert existing.status_code == 201, existing.text
    started = time.monotonic()
    response = await no_worker_client.post(
        f"/api/v1/dossiers/{existing.json()['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=world.as_("D1", "chair"),
    )
    assert response.status_code == 503
    assert time.monotonic() - started < 5
    assert "worker" in response.json()["detail"]


@pytest.mark.usefixtures("worker")
async def test_idempotency_key_replays_and_refuses_another_body(
    client: httpx.AsyncClient, world: World
) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    headers = {**world.as_("U1", "officer"), **key}
    body = {
        "proposer_org": world.code("U1"),
        "award_code": "LDTT",
        "summary": "Lần 1",
        "nominees": [{"kind": "individual", "name": "Trần Thị Bích"}],
    }
    first = await client.post("/api/v1/dossiers", json=body, headers=headers)
    again = await client.post("/api/v1/dossiers", json=body, headers=headers)
    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    other = await client.post(
        "/api/v1/dossiers", json={**body, "summary": "Lần 2"}, headers=headers
    )
    assert other.status_code == 409
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"


def test_database_failures_are_recognised_as_unavailable() -> None:
    import psycopg
    from sqlalchemy.exc import DBAPIError, OperationalError

    from api.errors import is_database_unavailable

    refused = ConnectionRefusedError(111, "Connection refused")
    wrapped = OperationalError("SELECT 1", {}, psycopg.OperationalError("connection failed"))
    assert is_database_unavailable(refused)
    assert is_database_unavailable(wrapped)
    invalidated = DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)
    assert is_database_unavailable(invalidated)
    chained = RuntimeError("pool gave up")
    chained.__cause__ = refused
    assert is_database_unavailable(chained)
    assert not is_database_unavailable(ValueError("a bug"))
    assert not is_database_unavailable(DBAPIError("SELECT 1", {}, Exception("bad sql")))


async def test_database_down_is_a_fast_503() -> None:
    """No PostgreSQL behind the URL: a request that needs it is 503 problem+json, quickly."""
    settings = Settings(
        database_url="postgresql://tdkt:x@127.0.0.1:9/tdkt",
        env="test",
        seed_demo=False,
        admin_password="Admin#Test-2026",
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
            started = time.monotonic()
            response = await http.post(
                "/api/v1/auth/token", data={"username": "admin", "password": "x" * 12}
            )
    assert time.monotonic() - started < 3
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 503
    assert "cơ sở dữ liệu" in response.json()["detail"]
