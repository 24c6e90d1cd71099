"""Dossier lifecycle over HTTP with a real worker: submit, read, decide, list, tasks."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.api.conftest import World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")


async def test_submit_and_decide_at_the_district(client: httpx.AsyncClient, world: World) -> None:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    dossier = created.json()
    assert dossier["id"].startswith("HS-")
    assert dossier["route"] == ["unit", "district"]
    assert dossier["status"] == "in_review"
    assert dossier["stage"]["level"] == "district"
    assert dossier["stage"]["org_code"] == world.code("D1")
    assert dossier["stage"]["phase"] == "review"
    dossier_id = dossier["id"]

    await eventually(
        client,
        "/api/v1/tasks",
        world.as_("D1", "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )

    decided = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=world.as_("D1", "chair"),
    )
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "decided"
    assert body["decision"]["authority_org"] == world.code("D1")
    assert body["decision"]["bonus"][0]["amount_vnd"] > 0
    assert body["nominees"][0]["outcome"] == "approved"

    got = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.as_("U1", "viewer"))
    assert got.json()["status"] == "decided"
    assert [h["action"] for h in got.json()["history"]]
    listed = await client.get(
        "/api/v1/dossiers", params={"status": "decided"}, headers=world.as_("U1", "officer")
    )
    assert dossier_id in {d["id"] for d in listed.json()["items"]}


async def _ids(client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, str]) -> Any:
    response = await client.get("/api/v1/dossiers", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_list_cursor_pages_totals_and_accent_free_search(
    client: httpx.AsyncClient, world: World
) -> None:
    tag = uuid.uuid4().hex[:6]
    headers = world.as_("U2", "officer")
    nominee: list[dict[str, object]] = [{"kind": "individual", "name": f"Nguyễn Thị Hằng {tag}"}]
    created = [
        (await submit(client, world, proposer="U2", nominees=nominee)).json()["id"]
        for _ in range(3)
    ]
    search = {"q": f"nguyen thi hang {tag}", "page_size": "1"}
    first = await _ids(client, headers, search)
    assert first["total"] == 3
    assert first["total_is_estimate"] is False
    assert first["page"] == 1
    by_cursor = [item["id"] for item in first["items"]]
    body = first
    while body["next_cursor"] is not None:
        body = await _ids(client, headers, {**search, "cursor": body["next_cursor"]})
        by_cursor += [item["id"] for item in body["items"]]
    by_page = []
    for page in (1, 2, 3):
        by_page += [
            i["id"] for i in (await _ids(client, headers, {**search, "page": str(page)}))["items"]
        ]
    assert by_cursor == by_page
    assert sorted(by_cursor) == sorted(created)
    by_id = await _ids(client, headers, {"q": created[0].lower()})
    assert [item["id"] for item in by_id["items"]] == [created[0]]
    upper = await _ids(client, headers, {"q": f"NGUYỄN THỊ HẰNG {tag}"})
    assert upper["total"] == 3


async def test_list_refuses_bad_cursors_and_nul_bytes(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    cases = [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "W10"}, "cursor"),
        ({"cursor": "x" * 201}, "cursor"),
        ({"cursor": "WyIyMDI2LTEyLTAxVDAxOjAwOjAwKzAwOjAwIiwiSFMtMSJd", "page": "2"}, "page"),
        ({"q": "a\x00b"}, "q"),
        ({"org_code": "\x00"}, "org_code"),
    ]
    for params, field in cases:
        response = await client.get("/api/v1/dossiers", params=params, headers=headers)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}, params


async def test_tasks_and_stats_follow_a_submission_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    chair = world.as_("D2", "chair")
    stats_before = (await client.get("/api/v1/stats", headers=chair)).json()
    tasks_before = (await client.get("/api/v1/tasks", headers=chair)).json()
    assert tasks_before["total"] >= len(tasks_before["items"])
    created = await submit(client, world, proposer="U2")
    assert created.status_code == 201, created.text
    stats_after = (await client.get("/api/v1/stats", headers=chair)).json()
    before = stats_before["by_status"].get("in_review", 0)
    assert stats_after["by_status"].get("in_review", 0) >= before + 1
    assert stats_after["by_award"]["GIAY_KHEN"] >= stats_before["by_award"].get("GIAY_KHEN", 0) + 1
    tasks = await eventually(
        client,
        "/api/v1/tasks",
        chair,
        lambda body: created.json()["id"] in {t["id"] for t in body["items"]},
    )
    assert tasks["total"] == len(tasks["items"])


async def test_stats_count_open_dossiers_where_they_are_not_where_they_end(
    client: httpx.AsyncClient, world: World
) -> None:
    """A Bằng khen tỉnh dossier still at the district is counted under the district by
    `by_current_level` (the dashboard's "Hồ sơ theo cấp đang xét"), under the province by
    `by_level` (the deciding level); once the district forwards it, it is at the province."""
    chair = world.as_("P3", "chair")

    async def figures() -> dict[str, Any]:
        answer = await client.get("/api/v1/stats", headers=chair)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    before = await figures()
    created = await submit(client, world, proposer="U2", award_code="BK_TINH")
    assert created.status_code == 201, created.text
    assert created.json()["stage"]["level"] == "district"
    at_district = await figures()

    def moved(now: dict[str, Any], then: dict[str, Any], key: str) -> dict[str, int]:
        levels = set(now[key]) | set(then[key])
        return {lv: now[key].get(lv, 0) - then[key].get(lv, 0) for lv in levels}

    arrived = moved(at_district, before, "by_current_level")
    assert arrived.get("district") == 1
    assert all(n == 0 for lv, n in arrived.items() if lv != "district")
    assert moved(at_district, before, "by_level").get("province") == 1
    forwarded = await client.post(
        f"/api/v1/dossiers/{created.json()['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý trình tỉnh"},
        headers=world.as_("D2", "chair"),
    )
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["stage"]["level"] == "province"
    at_province = await figures()
    shift = moved(at_province, at_district, "by_current_level")
    assert shift.get("district") == -1
    assert shift.get("province") == 1
    assert all(n == 0 for lv, n in shift.items() if lv not in ("district", "province"))
