"""A BK_TTG dossier driven over HTTP alone: unit officer → district → province (returned once,
resubmitted) → central appraisal → Prime Minister's office → decision with bonus."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import World, eventually, submit

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("worker")]


async def _decide(
    client: httpx.AsyncClient, world: World, dossier_id: str, alias: str, body: dict[str, Any]
) -> dict[str, Any]:
    await eventually(
        client,
        "/api/v1/tasks",
        world.as_(alias, "chair"),
        lambda tasks: dossier_id in {t["id"] for t in tasks["items"]},
    )
    response = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions", json=body, headers=world.as_(alias, "chair")
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_bk_ttg_from_unit_to_prime_minister(client: httpx.AsyncClient, world: World) -> None:
    created = await submit(
        client,
        world,
        award_code="BK_TTG",
        nominees=[
            {
                "kind": "individual",
                "name": "Phạm Thị Lan",
                "position": "Hiệu trưởng",
                "gender": "female",
                "is_direct_worker": False,
            },
            {"kind": "individual", "name": "Hoàng Văn Minh", "is_direct_worker": True},
        ],
    )
    assert created.status_code == 201, created.text
    dossier = created.json()
    dossier_id = dossier["id"]
    assert dossier["route"] == ["unit", "district", "province", "central", "government"]

    at_province = await _decide(
        client, world, dossier_id, "D1", {"action": "approve", "comment": "Trình tỉnh"}
    )
    assert at_province["stage"]["level"] == "province"

    returned = await _decide(
        client,
        world,
        dossier_id,
        "P3",
        {"action": "return", "comment": "Bổ sung minh chứng thành tích"},
    )
    assert returned["status"] == "returned"
    assert returned["round"] == 2

    resubmitted = await client.post(
        f"/api/v1/dossiers/{dossier_id}/resubmit",
        json={"comment": "Đã bổ sung", "summary": "Thành tích 5 năm liên tục, có minh chứng"},
        headers=world.as_("U1", "officer"),
    )
    assert resubmitted.status_code == 200, resubmitted.text
    assert resubmitted.json()["status"] == "in_review"
    assert resubmitted.json()["stage"]["level"] == "province"

    for alias, level, next_org in (("P3", "central", "BNV"), ("BNV", "government", "TTG")):
        moved = await _decide(
            client, world, dossier_id, alias, {"action": "approve", "comment": "Đồng ý"}
        )
        assert moved["stage"]["level"] == level
        assert moved["stage"]["org_code"] == next_org

    keep = resubmitted.json()["nominees"][0]["id"]
    decided = await _decide(
        client,
        world,
        dossier_id,
        "TTG",
        {
            "action": "approve",
            "comment": "Thủ tướng quyết định",
            "nominee_ids": [keep],
            "decision_number": "123/QĐ-TTg",
        },
    )
    assert decided["status"] == "decided"
    assert decided["decision"]["number"] == "123/QĐ-TTg"
    assert decided["decision"]["authority_org"] == "TTG"
    outcomes = {n["id"]: n["outcome"] for n in decided["nominees"]}
    assert outcomes[keep] == "approved"
    assert sorted(outcomes.values()) == ["approved", "dropped"]
    assert [b["nominee_id"] for b in decided["decision"]["bonus"]] == [keep]

    final = await eventually(
        client,
        f"/api/v1/dossiers/{dossier_id}",
        world.as_("U1", "viewer"),
        lambda body: body["status"] == "decided",
    )
    actions = [h["action"] for h in final["history"]]
    assert len(actions) >= 6
    stats = await client.get("/api/v1/stats", headers=world.as_("P3", "viewer"))
    assert stats.json()["by_status"].get("decided", 0) >= 1
