"""Who may act is judged before what is typed (contract §7), routes shown index by index
(§11) and a province's own council vote on its Cờ thi đua của Chính phủ (ND152 Art.33.5).

Each refusal asserts its status, its Vietnamese wording and that nothing changed."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import PASSWORD, World, submit

pytestmark = pytest.mark.usefixtures("worker")

APPROVE = {"action": "approve", "comment": "Đồng ý"}


async def created(
    client: httpx.AsyncClient, world: World, award_code: str = "GIAY_KHEN", **kw: Any
) -> dict[str, Any]:
    answer = await submit(client, world, award_code=award_code, **kw)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def read(client: httpx.AsyncClient, world: World, dossier_id: str) -> dict[str, Any]:
    answer = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.admin)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def decide(
    client: httpx.AsyncClient, world: World, dossier_id: str, alias: str, **typed: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={**APPROVE, **typed},
        headers=world.as_(alias, "chair"),
    )


async def test_a_chair_of_another_org_is_refused_403_whatever_number_it_types(
    client: httpx.AsyncClient, world: World
) -> None:
    used = f"{100_000 + secrets.randbelow(800_000)}/QĐ-UBND"
    first = await created(client, world)
    kept = await decide(client, world, first["id"], "D1", decision_number=used)
    assert kept.status_code == 200, kept.text
    dossier = await created(client, world)
    before = await read(client, world, dossier["id"])
    for alias in ("P3", "U1"):  # both see the dossier; D1 acts
        for typed in ({"decision_number": used}, {"decision_number": "abc"}, {}):
            answer = await decide(client, world, dossier["id"], alias, **typed)
            assert answer.status_code == 403, (alias, typed, answer.text)
            assert answer.json()["detail"] == (
                "Hồ sơ đang chờ cơ quan khác xét duyệt, chưa đến lượt đơn vị của bạn."
            )
    assert await read(client, world, dossier["id"]) == before


async def test_a_dossier_not_in_review_is_409_before_its_number_is_judged(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = await created(client, world)
    returned = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/decisions",
        json={"action": "return", "comment": "Bổ sung minh chứng"},
        headers=world.as_("D1", "chair"),
    )
    assert returned.status_code == 200, returned.text
    before = await read(client, world, dossier["id"])
    for typed in ({"decision_number": "abc"}, {"decision_date": "2199-12-31"}):
        answer = await decide(client, world, dossier["id"], "D1", **typed)
        assert answer.status_code == 409, answer.text
        assert answer.json()["detail"] == "Hồ sơ đang ở trạng thái “trả lại”, không thể xét duyệt."
    assert await read(client, world, dossier["id"]) == before
    # a resubmission: only a returned dossier, 409 before its nominees are judged
    reviewing = await created(client, world)
    before = await read(client, world, reviewing["id"])
    answer = await client.post(
        f"/api/v1/dossiers/{reviewing['id']}/resubmit",
        json={"comment": "Nộp lại", "nominees": [{"kind": "household", "name": "Hộ ông An"}]},
        headers=world.as_("U1", "officer"),
    )
    assert answer.status_code == 409, answer.text
    assert answer.json()["detail"] == "Chỉ trình lại được hồ sơ đang bị trả lại."
    assert await read(client, world, reviewing["id"]) == before


async def test_a_forwarding_approval_refuses_a_decision_number_or_date(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = await created(client, world, "BK_TINH")  # unit → district → province
    before = await read(client, world, dossier["id"])
    province = "province P3 thử"
    for field, value, noun in (
        ("decision_number", "1/QĐ-UBND", "số quyết định"),
        ("decision_date", "2026-01-01", "ngày quyết định"),
    ):
        answer = await decide(client, world, dossier["id"], "D1", **{field: value})
        assert answer.status_code == 422, answer.text
        message = (
            f"Chỉ cấp quyết định khen thưởng ({province}) mới ghi {noun}; phê duyệt ở cấp này "
            "chỉ chuyển hồ sơ lên cấp trên."
        )
        assert answer.json()["errors"] == [{"field": field, "message": message}]
    returning = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/decisions",
        json={"action": "reject", "comment": "Không đạt", "decision_number": "1/QĐ-UBND"},
        headers=world.as_("D1", "chair"),
    )
    assert returning.status_code == 422, returning.text
    assert returning.json()["errors"][0]["field"] == "decision_number"
    assert returning.json()["errors"][0]["message"].startswith(
        "Chỉ ghi số quyết định khi phê duyệt quyết định khen thưởng"
    )
    assert await read(client, world, dossier["id"]) == before
    english = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/decisions",
        json={**APPROVE, "decision_number": "1/QĐ-UBND"},
        headers={**world.as_("D1", "chair"), "Accept-Language": "en"},
    )
    assert english.status_code == 422
    assert english.json()["detail"].startswith("Only the deciding level (province P3 thử)")
    # the deciding stage takes them; a keyed retry gets the first answer
    forwarded = await decide(client, world, dossier["id"], "D1")
    assert forwarded.status_code == 200, forwarded.text
    number = f"{100_000 + secrets.randbelow(800_000)}/QĐ-UBND"
    keyed = {**world.as_("P3", "chair"), "Idempotency-Key": secrets.token_hex(8)}
    path = f"/api/v1/dossiers/{dossier['id']}/decisions"
    body = {**APPROVE, "decision_number": number}
    first = await client.post(path, json=body, headers=keyed)
    assert first.status_code == 200, first.text
    assert first.json()["decision"]["number"] == number
    again = await client.post(path, json=body, headers=keyed)
    assert (again.status_code, again.json()) == (200, first.json())


async def test_route_orgs_line_up_with_the_route(client: httpx.AsyncClient, world: World) -> None:
    dossier = await created(client, world)
    aligned = (["unit", "district"], [world.code("U1"), world.code("D1")])
    assert (dossier["route"], dossier["route_orgs"]) == aligned
    stored = await read(client, world, dossier["id"])
    assert (stored["route"], stored["route_orgs"]) == aligned
    decided = await decide(client, world, dossier["id"], "D1")
    assert (decided.json()["route"], decided.json()["route_orgs"]) == aligned


async def test_a_province_proposing_its_own_government_flag_votes_first(
    client: httpx.AsyncClient, world: World
) -> None:
    flag = await created(
        client,
        world,
        "CO_CP",
        proposer="P3",
        nominees=[{"kind": "collective", "name": "Ủy ban nhân dân tỉnh P3"}],
    )
    assert flag["route"] == ["province", "central", "government"]
    assert flag["route_orgs"] == [world.code("P3"), "BNV", "TTG"]
    assert (flag["stage"]["level"], flag["stage"]["org_code"]) == ("province", world.code("P3"))
    before = await read(client, world, flag["id"])
    unvoted = await decide(client, world, flag["id"], "P3")
    assert unvoted.status_code == 422, unvoted.text
    assert unvoted.json()["errors"][0]["field"] == "vote"
    early = await decide(client, world, flag["id"], "BNV")
    assert early.status_code == 403, early.text
    assert await read(client, world, flag["id"]) == before
    vote = {"members_total": 30, "present": 25, "in_favor": 25}
    voted = await decide(client, world, flag["id"], "P3", vote=vote)
    assert voted.status_code == 200, voted.text
    assert voted.json()["stage"]["org_code"] == "BNV"
    assert voted.json()["history"][-1]["vote"] == vote


async def test_a_draft_has_no_route_yet_on_the_api_and_the_web_page(
    app: FastAPI, world: World
) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as web:
        body = {
            "proposer_org": world.code("U1"),
            "award_code": "GIAY_KHEN",
            "summary": "Thành tích năm 2026",
            "nominees": [{"kind": "individual", "name": "Nguyễn Văn An"}],
            "draft": True,
        }
        officer = world.as_("U1", "officer")
        answer = await web.post("/api/v1/dossiers", json=body, headers=officer)
        assert answer.status_code == 201, answer.text
        assert (answer.json()["route"], answer.json()["route_orgs"]) == ([], [])
        dossier_id = answer.json()["id"]
        read = await web.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
        assert (read.json()["route"], read.json()["route_orgs"]) == ([], [])
        await web.get("/login")
        username = f"officer.u1.{world.tag}".lower()
        form = {"username": username, "password": PASSWORD, "csrf_token": web.cookies["tdkt_csrf"]}
        assert (await web.post("/login", data=form)).status_code == 303
        page = await web.get(f"/ho-so/{dossier_id}")
        assert page.status_code == 200, page.text[:300]
        assert "Chưa lập tuyến trình — tuyến được lập khi gửi hồ sơ." in page.text
        assert 'class="route"' not in page.text
