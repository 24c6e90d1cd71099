"""Objections (contract §15): a citizen objects during public posting, the council of the
posting org sees it, resolves it, and cannot approve before; all of it in the history and the
biên bản. The suite's policy makes the posting last a few seconds."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.api.conftest import World, eventually
from tests.drafts.helpers import submitted

pytestmark = pytest.mark.usefixtures("worker")
VOTE = {"members_total": 9, "present": 9, "in_favor": 9}


async def _posted(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    """A CSTĐ toàn quốc dossier of U1, approved by its district, now posted at the province."""
    body = await submitted(client, world, award_code="CSTD_TQ")
    answer = await client.post(
        f"/api/v1/dossiers/{body['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý trình tỉnh"},
        headers=world.as_("D1", "chair"),
    )
    assert answer.status_code == 200, answer.text
    posted: dict[str, Any] = answer.json()
    assert posted["stage"]["phase"] == "public_posting"
    assert posted["stage"]["org_code"] == world.code("P3")
    return posted


async def _object(client: httpx.AsyncClient, dossier_id: str, **extra: str) -> httpx.Response:
    body = {"content": "Cá nhân này chưa hoàn thành nhiệm vụ năm 2026", **extra}
    return await client.post(f"/api/v1/public/postings/{dossier_id}/objections", json=body)


async def test_an_objection_holds_the_approval_until_the_council_resolves_it(
    client: httpx.AsyncClient, world: World
) -> None:
    posted = await _posted(client, world)
    dossier_id = posted["id"]
    province = world.as_("P3", "chair")

    received = await _object(client, dossier_id, contact="0912 345 678")
    assert received.status_code == 201, received.text
    reference = received.json()["reference"]
    assert reference.startswith("PA-")
    assert received.json()["status"] == "open"
    unknown = await _object(client, dossier_id, nominee_id="HS-0-N9")
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["errors"][0]["field"] == "nominee_id"
    lookup = await client.get(f"/api/v1/public/objections/{reference}")
    assert lookup.json() == {"reference": reference, "status": "open", "resolution": None}
    assert (await client.get("/api/v1/public/objections/PA-NOTHING00")).status_code == 404

    view = (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=province)).json()
    assert view["open_objections"] == 1
    assert view["history"][-1]["action"] == "objection_received"
    tasks = (await client.get("/api/v1/tasks", headers=province)).json()["items"]
    assert [t["open_objections"] for t in tasks if t["id"] == dossier_id] == [1]

    await eventually(
        client,
        f"/api/v1/dossiers/{dossier_id}",
        province,
        lambda body: body["stage"]["phase"] == "review",
        within=30,
    )
    late = await _object(client, dossier_id)  # posting over
    assert late.status_code == 409, late.text

    decision = {"action": "approve", "comment": "Đồng ý", "vote": VOTE}
    path = f"/api/v1/dossiers/{dossier_id}/decisions"
    held = await client.post(path, json=decision, headers=province)
    assert held.status_code == 409, held.text
    assert reference in held.json()["detail"]

    listed = await client.get(f"/api/v1/dossiers/{dossier_id}/objections", headers=province)
    assert listed.status_code == 200, listed.text
    (item,) = listed.json()["items"]
    assert item["reference"] == reference
    assert item["status"] == "open"
    assert item["org_code"] == world.code("P3")
    outsider = world.as_("U2", "officer")
    seen = await client.get(f"/api/v1/dossiers/{dossier_id}/objections", headers=outsider)
    assert seen.status_code == 404, seen.text

    resolution = f"/api/v1/dossiers/{dossier_id}/objections/{item['id']}/resolution"
    answer = {"outcome": "dismissed", "comment": "Đã xác minh, phản ánh không có cơ sở"}
    wrong_org = await client.post(resolution, json=answer, headers=world.as_("D1", "chair"))
    assert wrong_org.status_code == 403, wrong_org.text
    bad = await client.post(resolution, json={**answer, "outcome": "maybe"}, headers=province)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "outcome"
    done = await client.post(resolution, json=answer, headers=province)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "dismissed"
    assert done.json()["resolution"] == answer["comment"]
    twice = await client.post(resolution, json=answer, headers=province)
    assert twice.status_code == 409, twice.text
    lookup = await client.get(f"/api/v1/public/objections/{reference}")
    assert lookup.json()["status"] == "dismissed"
    assert lookup.json()["resolution"] == answer["comment"]

    approved = await client.post(path, json=decision, headers=province)
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["stage"]["org_code"] == world.code("BNV")
    assert body["open_objections"] == 0
    actions = [h["action"] for h in body["history"]]
    assert actions.index("objection_received") < actions.index("objection_resolved")
    assert actions[-1] == "approved"

    minutes = await client.get(
        f"/api/v1/dossiers/{dossier_id}/documents/bien-ban.pdf",
        params={"level": "province"},
        headers=province,
    )
    assert minutes.status_code == 200, minutes.text
    reader = PdfReader(io.BytesIO(minutes.content))
    text = unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages))
    assert "1 ý kiến phản ánh" in " ".join(text.split())
    assert reference in text


async def test_no_objection_outside_public_posting(client: httpx.AsyncClient, world: World) -> None:
    body = await submitted(client, world)
    refused = await _object(client, body["id"])
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"] == (
        f"Hồ sơ {body['id']} không trong thời gian niêm yết công khai"
    )
    assert (await _object(client, "HS-2026-9999999")).status_code == 404
