"""The outbox over HTTP (admins): dead letters are listed and put back in the queue once; a
message that is not dead is a 409, one that does not exist a 404, a non-admin a 403, an
unknown status a 422 naming the parameter."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from store.models import OutboxMessage
from store.repositories import outbox as outbox_repo
from tests.api.conftest import World
from tests.support.outbox import dead_letter


async def test_admins_list_and_retry_a_dead_letter_once(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    dead = await dead_letter(app)
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
    ids = [await dead_letter(app) for _ in range(3)]
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


async def test_a_retried_dead_letter_stays_in_sight_as_retrying_until_it_is_sent(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    """A dead letter an admin put back in the queue is listed under ``status=retrying`` (pending,
    failed at least once, with its next attempt) until the sender delivers it; a message that
    never failed is not; the filter is worded in the 422 of a wrong value like any other."""
    dead = await dead_letter(app)
    fresh = await dead_letter(app)
    async with app.state.tdkt.sessions() as session:
        row = await session.get(OutboxMessage, fresh)
        assert row is not None
        row.status, row.attempts, row.last_error = "pending", 0, None  # queued, never failed
        await session.commit()

    def ids(response: httpx.Response) -> set[int]:
        assert response.status_code == 200, response.text
        return {m["id"] for m in response.json()["items"]}

    params: dict[str, str | int] = {"status": "retrying", "limit": 500}
    assert dead not in ids(await client.get("/api/v1/outbox", params=params, headers=world.admin))
    retried = await client.post(f"/api/v1/outbox/{dead}/retry", headers=world.admin)
    assert retried.status_code == 200, retried.text
    listed = await client.get("/api/v1/outbox", params=params, headers=world.admin)
    assert dead in ids(listed)
    assert fresh not in ids(listed)
    item = next(m for m in listed.json()["items"] if m["id"] == dead)
    assert (item["status"], item["attempts"]) == ("pending", 0)
    assert item["next_attempt_at"] is not None
    assert item["error_text"] == "Máy chủ thư từ chối địa chỉ của người nhận."

    async with app.state.tdkt.sessions() as session:
        await outbox_repo.mark_sent(session=session, row_id=dead, emailed=True)
        await session.commit()
    after = await client.get("/api/v1/outbox", params=params, headers=world.admin)
    assert dead not in ids(after)
    sent = await client.get(
        "/api/v1/outbox", params={"status": "sent", "limit": 500}, headers=world.admin
    )
    assert next(m for m in sent.json()["items"] if m["id"] == dead)["next_attempt_at"] is None
    refused = await client.get("/api/v1/outbox", params=params, headers=world.as_("U1", "officer"))
    assert refused.status_code == 403
