"""Closing a round with an Idempotency-Key: a retry gets the first answer, whatever died when.

The close's workflow update id comes from (user, key). A plain retry replays the stored answer;
a retry whose first request died before its answer was stored (simulated by removing the
key's row, as an expired claim is taken over) runs the close again, and Temporal answers the
update id's outcome even though the closed round's workflow has completed. Another key for a
closed round is 409, and the round is closed, and logged, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import delete

from core.settings import Settings
from store.db import make_engine, make_sessionmaker
from store.models import IdempotencyRecord
from tests.api.conftest import World

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("worker")]


async def forget_keys(settings: Settings, username: str) -> None:
    """What a request that died before storing its answer leaves, once its claim expired."""
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.username == username)
            )
    finally:
        await engine.dispose()


async def test_a_keyed_close_answers_its_retries_the_same(
    client: httpx.AsyncClient, world: World, api_settings: Settings
) -> None:
    since = datetime.now(UTC).isoformat()
    code = f"CL-{world.tag}"
    chair = world.as_("P3", "chair")
    body = {
        "code": code,
        "name": f"Sơ kết quý ({code})",
        "year": 2026,
        "owner_org": world.code("P3"),
        "award_codes": ["GIAY_KHEN"],
        "submission_deadlines": {"unit": "P10D"},
    }
    opened = await client.post("/api/v1/rounds", json=body, headers=chair)
    assert opened.status_code == 201, opened.text
    keyed = {**chair, "Idempotency-Key": f"close-{code}"}
    path = f"/api/v1/rounds/{code}/close"
    first = await client.post(path, json={"comment": "Hết hạn"}, headers=keyed)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "closed"

    stored = await client.post(path, json={"comment": "Hết hạn"}, headers=keyed)
    assert (stored.status_code, stored.json()) == (200, first.json())
    other_body = await client.post(path, json={"comment": "Khác"}, headers=keyed)
    assert other_body.status_code == 409, other_body.text

    await forget_keys(api_settings, f"chair.p3.{world.tag}".lower())
    rerun = await client.post(path, json={"comment": "Hết hạn"}, headers=keyed)
    assert rerun.status_code == 200, rerun.text
    assert _same_round(rerun.json(), first.json())

    another = await client.post(path, json={}, headers={**chair, "Idempotency-Key": "x" + code})
    assert another.status_code == 409, another.text
    unkeyed = await client.post(path, json={}, headers=chair)
    assert unkeyed.status_code == 409, unkeyed.text

    log = await client.get(
        "/api/v1/audit", params={"since": since, "action": "round.closed"}, headers=world.admin
    )
    assert log.status_code == 200, log.text
    assert [e["target"] for e in log.json()["items"]] == [code]
    events = await client.get(f"/api/v1/rounds/{code}/events", headers=chair)
    assert [e["kind"] for e in events.json()["items"]].count("closed") == 1


def _same_round(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("code", "status", "closed_at", "submitters", "forwarders", "deadlines")
    return all(a[k] == b[k] for k in keys)
