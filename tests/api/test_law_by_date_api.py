"""Issue 13 over HTTP, the remaining "Done when" items: an ad-hoc simplified Bằng khen tỉnh
(no posting, the reduced papers, decided by the province), eligibility criteria chosen by the
lodging date (`on`), and an org that would be its own parent (a cycle) refused with nothing
written."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.api.conftest import World

pytestmark = pytest.mark.usefixtures("worker")

HERO = [{"kind": "individual", "name": "Nguyễn Văn Hùng", "position": "Công nhân"}]


async def _bk_tinh(client: httpx.AsyncClient, world: World, **procedure: object) -> dict:  # type: ignore[type-arg]
    body = {
        "proposer_org": world.code("U1"),
        "award_code": "BK_TINH",
        "summary": "Dũng cảm cứu tài sản nhà nước trong vụ cháy",
        "nominees": HERO,
        **procedure,
    }
    created = await client.post("/api/v1/dossiers", json=body, headers=world.as_("U1", "officer"))
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


async def test_ad_hoc_simplified_bk_tinh_goes_without_posting_on_reduced_papers(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = await _bk_tinh(client, world, award_type="ad_hoc", simplified=True)
    regular = await _bk_tinh(client, world)
    assert (dossier["award_type"], dossier["simplified"]) == ("ad_hoc", True)
    assert (regular["award_type"], regular["simplified"]) == ("regular", False)
    path = f"/api/v1/dossiers/{dossier['id']}"
    read = (await client.get(path, headers=world.as_("D1", "chair"))).json()
    plain = await client.get(f"/api/v1/dossiers/{regular['id']}", headers=world.as_("D1", "chair"))
    assert read["documents"]["required"] == ["to_trinh"]  # Law Art.85: tờ trình + summary
    assert read["documents"]["basis"] == "Law 06/2022/QH15 Art.85"
    assert set(plain.json()["documents"]["required"]) > {"to_trinh"}
    forwarded = await client.post(
        f"{path}/decisions",
        json={"action": "approve", "comment": "Trình tỉnh khen đột xuất"},
        headers=world.as_("D1", "chair"),
    )
    assert forwarded.status_code == 200, forwarded.text
    assert (forwarded.json()["stage"]["level"], forwarded.json()["stage"]["phase"]) == (
        "province",
        "review",
    )
    decided = await client.post(
        f"{path}/decisions",
        json={"action": "approve", "comment": "Tặng Bằng khen đột xuất"},
        headers=world.as_("P3", "chair"),
    )
    assert decided.status_code == 200, decided.text
    answer = decided.json()
    assert answer["status"] == "decided"
    assert answer["decision"]["authority_org"] == world.code("P3")
    assert "public_posting" not in {h.get("phase") for h in answer["history"]}
    assert all("niêm yết" not in (h.get("comment") or "") for h in answer["history"])


async def test_eligibility_criteria_follow_the_lodging_date(
    client: httpx.AsyncClient, world: World
) -> None:
    viewer = world.as_("U1", "viewer")
    body = {
        "award_code": "CSTD_CS",
        "year": 2023,
        "subject": "individual",
        "history": [{"year": 2023, "rating": "HTXS", "titles": ["LDTT"]}],
    }
    old = await client.post("/api/v1/eligibility", json=body | {"on": "2023-12-20"}, headers=viewer)
    new = await client.post("/api/v1/eligibility", json=body | {"on": "2024-01-05"}, headers=viewer)
    assert old.status_code == new.status_code == 200, old.text
    assert old.json()["eligible"] is False  # the 2003 Law asked for an initiative as well
    assert new.json()["eligible"] is True
    assert old.json()["checks"][0]["rule"] == "criteria_in_force"
    applied = old.json()["checks"][0]
    assert "Luật Thi đua, khen thưởng năm 2003" in applied["detail"]  # the citation in words
    assert applied["key"] == "criteria_applied"
    assert applied["values"]["cite"] == "Luật TĐKT 2003 (sửa đổi 2013) Art.23"

    history = [
        {"year": y, "rating": "HTT", "titles": ["LDTT", "CSTD_CS"]} for y in range(2021, 2027)
    ]
    ttg = {
        "award_code": "BK_TTG",
        "year": 2026,
        "subject": "individual",
        "history": history,
        "awards": [{"code": "BK_TINH", "year": 2021}],
        "on": "2027-03-01",
    }
    sunset = await client.post("/api/v1/eligibility", json=ttg, headers=viewer)
    assert sunset.status_code == 200, sunset.text
    assert sunset.json()["eligible"] is False
    (check,) = sunset.json()["checks"]
    assert check["rule"] == "criteria_in_force"
    assert "hết hiệu lực từ 01/03/2027" in check["detail"]
    before = await client.post(
        "/api/v1/eligibility", json=ttg | {"on": "2027-02-28"}, headers=viewer
    )
    assert before.json()["eligible"] is True

    bad = await client.post("/api/v1/eligibility", json=body | {"on": "1800-01-01"}, headers=viewer)
    assert bad.status_code == 422, bad.text
    assert bad.json()["errors"][0]["field"].endswith("on")


async def test_an_org_that_would_be_its_own_parent_is_422_and_not_written(
    client: httpx.AsyncClient, world: World
) -> None:
    code = f"VONG-{uuid.uuid4().hex[:6].upper()}"
    body = {"code": code, "name": "Đơn vị vòng lặp", "level": "unit", "parent_code": code}
    refused = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert refused.status_code == 422, refused.text
    error = refused.json()["errors"][0]
    assert error["field"] == "parent_code"
    assert error["message"]
    missing = await client.get(f"/api/v1/orgs/{code}", headers=world.admin)
    assert missing.status_code == 404
