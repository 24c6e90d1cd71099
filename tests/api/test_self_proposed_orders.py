"""A province or ministry proposing itself an order (ND152 Art.44.2): the dossier opens at its
own stage in public posting (posted for citizens, approval held until the posting ends), then
goes to BNV; under the simplified procedure it goes straight to BNV, unposted, as before."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import PASSWORD, World, login, submit

pytestmark = pytest.mark.usefixtures("worker")

ORDER_ROUTE = ["province", "central", "government", "president"]
VOTE = {"members_total": 30, "present": 25, "in_favor": 25}


async def _read(client: httpx.AsyncClient, world: World, dossier_id: str) -> dict[str, Any]:
    answer = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.admin)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def _approve(
    client: httpx.AsyncClient, dossier_id: str, headers: dict[str, str]
) -> httpx.Response:
    body = {"action": "approve", "comment": "Hội đồng nhất trí", "vote": VOTE}
    return await client.post(f"/api/v1/dossiers/{dossier_id}/decisions", json=body, headers=headers)


async def _posted_at_home(
    client: httpx.AsyncClient, world: World, dossier_id: str, org: str, chair: dict[str, str]
) -> None:
    """GET shows the dossier at ``org`` in public posting and on the public list; neither its
    chair (posting not over: 409) nor BNV (not its turn: 403) can approve it, nothing changes."""
    read = await _read(client, world, dossier_id)
    assert read["route_orgs"] == [org, "BNV", "TTG", "CTN"]
    assert (read["stage"]["org_code"], read["stage"]["phase"]) == (org, "public_posting")
    assert read["posting_ends_at"] is not None
    public = (await client.get("/api/v1/public/postings")).json()["items"]
    assert dossier_id in {p["dossier_id"] for p in public}
    held = await _approve(client, dossier_id, chair)
    assert held.status_code == 409, held.text
    early = await _approve(client, dossier_id, world.as_("BNV", "chair"))
    assert early.status_code == 403, early.text
    assert await _read(client, world, dossier_id) == read


async def test_a_province_s_own_order_is_posted_at_the_province_first(
    client: httpx.AsyncClient, world: World
) -> None:
    collective: list[dict[str, object]] = [
        {"kind": "collective", "name": "Văn phòng Ủy ban nhân dân tỉnh P3"}
    ]
    answer = await submit(client, world, proposer="P3", award_code="HCLD_3", nominees=collective)
    assert answer.status_code == 201, answer.text
    dossier = answer.json()
    assert dossier["route"] == ORDER_ROUTE
    assert dossier["route_orgs"] == [world.code("P3"), "BNV", "TTG", "CTN"]
    assert (dossier["stage"]["level"], dossier["stage"]["phase"]) == ("province", "public_posting")
    await _posted_at_home(client, world, dossier["id"], world.code("P3"), world.as_("P3", "chair"))


async def test_a_province_s_own_simplified_order_goes_straight_to_bnv_unposted(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {
        "proposer_org": world.code("P3"),
        "award_code": "HC_DUNG_CAM",
        "award_type": "ad_hoc",
        "simplified": True,
        "summary": "Cứu người trong lũ",
        "nominees": [{"kind": "individual", "name": "Phạm Văn Dũng"}],
    }
    answer = await client.post("/api/v1/dossiers", json=body, headers=world.as_("P3", "officer"))
    assert answer.status_code == 201, answer.text
    read = await _read(client, world, answer.json()["id"])
    assert read["route"] == ORDER_ROUTE
    assert read["route_orgs"] == [world.code("P3"), "BNV", "TTG", "CTN"]
    assert (read["stage"]["org_code"], read["stage"]["phase"]) == ("BNV", "review")
    assert read["posting_ends_at"] is None


async def test_a_ministry_s_own_order_is_posted_at_the_ministry_first(
    client: httpx.AsyncClient, world: World
) -> None:
    code = f"BO-{world.tag}"
    org = {"code": code, "name": f"Bộ thử {world.tag}", "level": "ministry", "parent_code": None}
    made = await client.post("/api/v1/orgs", json=org, headers=world.admin)
    assert made.status_code == 201, made.text
    for role in ("officer", "chair"):
        user = {
            "username": f"{role}.bo.{world.tag}".lower(),
            "password": PASSWORD,
            "full_name": f"Người dùng {role} bộ",
            "org_code": code,
            "roles": [role],
        }
        added = await client.post("/api/v1/users", json=user, headers=world.admin)
        assert added.status_code == 201, added.text
    officer = await login(client, f"officer.bo.{world.tag}".lower())
    chair = await login(client, f"chair.bo.{world.tag}".lower())
    body = {
        "proposer_org": code,
        "award_code": "HCDL_3",
        "summary": "Thành tích xuất sắc",
        "nominees": [{"kind": "individual", "name": "Trần Văn Bộ"}],
    }
    answer = await client.post("/api/v1/dossiers", json=body, headers=officer)
    assert answer.status_code == 201, answer.text
    assert answer.json()["route"] == ["ministry", "central", "government", "president"]
    assert answer.json()["stage"]["level"] == "ministry"
    await _posted_at_home(client, world, answer.json()["id"], code, chair)
