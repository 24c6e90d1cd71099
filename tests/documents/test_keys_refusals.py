"""The class of keyed routes (contract §2): every POST of ``/api/v1`` that creates or decides
declares `Idempotency-Key` in the OpenAPI schema, the others are listed with the reason they
need none; a key too long or holding other than printable ASCII is a 422 naming the header,
with nothing made; a request that fails releases its key."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import PASSWORD, World, submit
from tests.documents.keyed import approve_at, keyed, new_code, org_body, schedule_body
from tests.documents.test_keys_everywhere import new_key
from workflows.round_contracts import ROUND_SCHEDULE_PREFIX

pytestmark = pytest.mark.usefixtures("worker")

# POSTs that take no key, and why none is needed.
UNKEYED = {
    "/api/v1/auth/token": "signing in: makes nothing to keep; a token is never stored to replay",
    "/api/v1/auth/logout": "revokes the token it is sent with: a resend is already signed out",
    "/api/v1/me/password": "its answer is a new token (never stored to replay) and it revokes "
    "the token a resend would carry",
    "/api/v1/users/{username}/unlock": "lifting a lockout again leaves the same account",
    "/api/v1/eligibility": "a computation: nothing is stored",
    "/api/v1/notifications/read": "the reader's own read marks: marking again changes nothing",
    "/api/v1/digest/run": "today's digest is one letter per org and chair and day (event_key): "
    "a second run queues none again",
}
KEY_DESCRIPTION = "Same key + same body replays the first response; another body → 409"


def test_every_post_that_creates_or_decides_declares_the_key(app: FastAPI) -> None:
    posts = {
        path: operation["post"]
        for path, operation in app.openapi()["paths"].items()
        if path.startswith("/api/v1/") and "post" in operation
    }
    assert len(posts) > 25  # the walk found the routers' routes
    declared = {
        path
        for path, op in posts.items()
        for p in op.get("parameters", [])
        if (p["in"], p["name"]) == ("header", "Idempotency-Key")
        and p["description"].startswith(KEY_DESCRIPTION)
        and {"type": "string", "maxLength": 200} in p["schema"]["anyOf"]
    }
    assert set(posts) - declared == set(UNKEYED), set(posts) - declared ^ set(UNKEYED)
    for path in declared:  # and each says what a reused key answers
        assert "409" in posts[path]["responses"], path


def too_long() -> str:
    return "k" * 201


BAD_KEYS: dict[str, str | bytes] = {
    "too long": too_long(),
    "accented letters": "khóa-gửi-lại".encode(),
    "a control character": b"key\x01one",
    "blank": "   ",
}
LABEL = "Khoá chống gửi trùng (Idempotency-Key): "
WORDS = {
    "too long": LABEL + "có tối đa 200 ký tự",  # the header's schema (max_length)
    "blank": LABEL + "Độ dài 1–200 ký tự",
}
CHARACTERS = (
    LABEL + "Chỉ gồm ký tự ASCII in được (chữ không dấu, chữ số, dấu câu), không có ký tự "
    "điều khiển"
)


def requests(world: World) -> dict[str, tuple[str, dict[str, Any] | None, dict[str, str]]]:
    """One valid request per newly keyed route: (path, JSON body, caller's headers)."""
    user = {
        "username": f"bad.{uuid.uuid4().hex[:8]}",
        "password": PASSWORD,
        "full_name": "Người dùng khóa hỏng",
        "org_code": world.code("U1"),
        "roles": ["viewer"],
    }
    prefix = new_code(world, "B")
    return {
        "orgs": ("/api/v1/orgs", org_body(world, new_code(world, "B")), world.admin),
        "users": ("/api/v1/users", user, world.admin),
        "round-schedules": (
            "/api/v1/round-schedules",
            schedule_body(world, "P3", prefix),
            world.as_("P3", "chair"),
        ),
        "sign": (
            "/api/v1/dossiers/HS-2026-00000000/documents/quyet-dinh/sign",
            None,
            world.as_("D1", "chair"),
        ),
        "outbox retry": ("/api/v1/outbox/1/retry", None, world.admin),
        "outbox retry-dead": ("/api/v1/outbox/retry-dead", None, world.admin),
        "objection": (
            "/api/v1/public/postings/HS-2026-00000000/objections",
            {"content": "Đề nghị xem xét lại"},
            {},
        ),
    }


@pytest.mark.parametrize("bad", list(BAD_KEYS))
async def test_a_bad_key_is_422_naming_it_and_nothing_is_made(
    client: httpx.AsyncClient, world: World, bad: str
) -> None:
    for route, (path, body, headers) in requests(world).items():
        sent = {**headers, "Idempotency-Key": BAD_KEYS[bad]}
        answer = await client.post(path, json=body, headers=sent)  # type: ignore[arg-type]
        assert answer.status_code == 422, (route, answer.text)
        problem = answer.json()
        assert [e["field"] for e in problem["errors"]] == ["Idempotency-Key"], (route, problem)
        wanted = WORDS.get(bad, CHARACTERS)
        assert problem["errors"][0]["message"] == wanted, (route, problem)
        if body is not None and route in ("orgs", "users"):
            key = "code" if route == "orgs" else "username"
            seen = await client.get(f"/api/v1/{route}", headers=world.admin)
            assert body[key] not in seen.text, route


async def test_a_failed_request_releases_its_key(
    client: httpx.AsyncClient, world: World, schedules: list[str]
) -> None:
    """A request refused inside its command (422, 409) changes nothing, its key included: the
    same key with the corrected body, or once the state allows it, is a new request."""
    code = new_code(world, "F")
    headers = keyed(world.admin, new_key())
    bad = {**org_body(world, code), "parent_code": "KHONG-CO"}
    assert (await client.post("/api/v1/orgs", json=bad, headers=headers)).status_code == 422
    made = await client.post("/api/v1/orgs", json=org_body(world, code), headers=headers)
    assert made.status_code == 201, made.text

    headers = keyed(world.admin, new_key())
    user = {
        "username": f"fail.{uuid.uuid4().hex[:8]}",
        "password": PASSWORD,
        "full_name": "Người dùng thử lại",
        "org_code": "KHONG-CO",
        "roles": ["viewer"],
    }
    assert (await client.post("/api/v1/users", json=user, headers=headers)).status_code == 422
    user["org_code"] = world.code("U1")
    assert (await client.post("/api/v1/users", json=user, headers=headers)).status_code == 201

    prefix = new_code(world, "F")
    schedules.append(ROUND_SCHEDULE_PREFIX + prefix)
    headers = keyed(world.as_("P3", "chair"), new_key())
    wrong = {**schedule_body(world, "P3", prefix), "cron": "mỗi năm"}
    refused = await client.post("/api/v1/round-schedules", json=wrong, headers=headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "cron"
    right = schedule_body(world, "P3", prefix)
    made = await client.post("/api/v1/round-schedules", json=right, headers=headers)
    assert made.status_code == 201, made.text

    nominee: dict[str, object] = {"kind": "individual", "name": "Đỗ Văn Phúc"}
    created = await submit(client, world, award_code="HCLD_3", nominees=[nominee])
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    path = f"/api/v1/public/postings/{dossier_id}/objections"
    headers, body = {"Idempotency-Key": new_key()}, {"content": "Đề nghị xem xét lại"}
    early = await client.post(path, json=body, headers=headers)  # not in posting yet
    assert early.status_code == 409, early.text
    approved = await approve_at(client, world, dossier_id, "D1", "Đồng ý trình tỉnh")
    assert approved.status_code == 200, approved.text
    received = await client.post(path, json=body, headers=headers)
    assert received.status_code == 201, received.text
