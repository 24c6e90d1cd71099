"""The outbox over HTTP (admins): dead letters are listed and put back in the queue once; a
message that is not dead is a 409, one that does not exist a 404, a non-admin a 403, an
unknown status a 422 naming the parameter."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from store.models import OutboxMessage
from tests.api.conftest import World


async def _dead_letter(app: FastAPI) -> int:
    async with app.state.tdkt.sessions() as session:
        row = OutboxMessage(
            event_key=f"test-dead-{uuid.uuid4().hex}",
            recipient="admin",
            kind="returned",
            subject="Hồ sơ bị trả lại",
            body="…",
            status="dead",
            attempts=8,
            last_error="SMTP 550",
        )
        session.add(row)
        await session.commit()
        return row.id


async def test_admins_list_and_retry_a_dead_letter_once(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    dead = await _dead_letter(app)
    listed = await client.get("/api/v1/outbox", params={"status": "dead"}, headers=world.admin)
    assert listed.status_code == 200, listed.text
    assert dead in {m["id"] for m in listed.json()["items"]}

    for org, role in (("U1", "officer"), ("P3", "chair"), ("U1", "viewer")):
        refused = await client.post(f"/api/v1/outbox/{dead}/retry", headers=world.as_(org, role))
        assert refused.status_code == 403, (role, refused.text)

    retried = await client.post(f"/api/v1/outbox/{dead}/retry", headers=world.admin)
    assert retried.status_code == 200, retried.text
    assert dead in {m["id"] for m in retried.json()["items"]}  # queued again
    async with app.state.tdkt.sessions() as session:
        row = (await session.execute(select(OutboxMessage).where(OutboxMessage.id == dead))).one()
        assert row[0].attempts == 0

    again = await client.post(f"/api/v1/outbox/{dead}/retry", headers=world.admin)
    assert again.status_code == 409
    assert str(dead) in again.json()["detail"]


async def test_a_missing_message_is_404_and_an_unknown_status_422(
    client: httpx.AsyncClient, world: World
) -> None:
    missing = await client.post("/api/v1/outbox/999999999/retry", headers=world.admin)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không có thông báo số 999999999"
    english = await client.post(
        "/api/v1/outbox/999999999/retry", headers=world.admin | {"Accept-Language": "en"}
    )
    assert english.json()["detail"] == "There is no notification 999999999"
    unknown = await client.get("/api/v1/outbox", params={"status": "zombie"}, headers=world.admin)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "status"


async def test_every_message_is_reachable_page_by_page_and_errors_are_worded(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    """Audit A5 §11: the list pages (newest first, ``page`` of ``limit``) so no message is out
    of reach, a retry of a live message is worded without English, and each failure carries
    its plain-words reason beside the technical text."""
    ids = [await _dead_letter(app) for _ in range(3)]
    seen: list[int] = []
    for page in (1, 2, 3):
        listed = await client.get(
            "/api/v1/outbox",
            params={"status": "dead", "limit": 1, "page": page},
            headers=world.admin,
        )
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert (body["page"], body["page_size"]) == (page, 1)
        assert body["total"] >= 3
        seen += [m["id"] for m in body["items"]]
    assert seen == sorted(ids, reverse=True)  # the three newest dead letters, one a page
    item = body["items"][0]
    assert item["last_error"] == "SMTP 550"
    assert item["error_text"] == "Máy chủ thư từ chối địa chỉ của người nhận."
    beyond = await client.get("/api/v1/outbox", params={"page": 100_001}, headers=world.admin)
    assert beyond.status_code == 422
    assert beyond.json()["errors"][0]["field"] == "page"

    await client.post(f"/api/v1/outbox/{ids[0]}/retry", headers=world.admin)
    again = await client.post(f"/api/v1/outbox/{ids[0]}/retry", headers=world.admin)
    assert again.status_code == 409
    assert "dead" not in again.json()["detail"]
    assert "gửi không được, đã dừng thử lại" in again.json()["detail"]
