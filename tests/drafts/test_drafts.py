"""Drafts (contract §13): kept by the proposing unit, seen by nobody else, submitted when the
papers are there (this suite's province policy enforces the checklist)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World, submit
from tests.drafts.helpers import attach_required, draft, submitted

pytestmark = pytest.mark.usefixtures("worker")


async def _ids(http: httpx.AsyncClient, headers: dict[str, str], **params: str) -> set[str]:
    answer = await http.get("/api/v1/dossiers", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return {item["id"] for item in answer.json()["items"]}


async def test_direct_create_without_required_papers_is_refused_and_creates_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    officer = world.as_("U1", "officer")
    before = await _ids(client, officer, page_size="100")
    answer = await submit(client, world)
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert "Tờ trình" in problem["detail"]
    assert "Biên bản" in problem["detail"]
    fields = {e["field"] for e in problem["errors"]}
    assert {"documents.to_trinh", "documents.bao_cao_thanh_tich", "documents.bien_ban"} <= fields
    assert await _ids(client, officer, page_size="100") == before


async def test_a_draft_is_seen_by_its_org_only_until_submitted(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await draft(client, world)
    dossier_id = created["id"]
    assert created["status"] == "draft"
    assert created["stage"] is None
    assert (created["route"], created["route_orgs"]) == ([], [])  # no route yet (§13)
    assert created["history"][0]["action"] == "drafted"
    officer, chair = world.as_("U1", "officer"), world.as_("D1", "chair")
    assert (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)).status_code == 200
    for outsider in (chair, world.as_("P3", "chair"), world.as_("U2", "officer"), world.admin):
        seen = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=outsider)
        assert seen.status_code == 404, seen.text
        assert dossier_id not in await _ids(client, outsider, page_size="100")
    assert dossier_id in await _ids(client, officer, status="draft")
    tasks = (await client.get("/api/v1/tasks", headers=chair)).json()
    assert dossier_id not in {t["id"] for t in tasks["items"]}
    documents = (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)).json()
    assert (documents["route"], documents["route_orgs"]) == ([], [])
    assert documents["documents"]["missing"] == ["to_trinh", "bao_cao_thanh_tich", "bien_ban"]

    refused = await client.post(f"/api/v1/dossiers/{dossier_id}/submit", json={}, headers=officer)
    assert refused.status_code == 409, refused.text
    assert "Báo cáo thành tích" in refused.json()["detail"]
    still = (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)).json()
    assert still["status"] == "draft"
    assert still["version"] == created["version"]

    await attach_required(client, world, created)
    answer = await client.post(f"/api/v1/dossiers/{dossier_id}/submit", json={}, headers=officer)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "in_review"
    assert body["stage"]["org_code"] == world.code("D1")
    assert body["stage"]["due_at"]
    assert body["route"] == ["unit", "district"]  # planned when submitted
    assert body["route_orgs"] == [world.code("U1"), world.code("D1")]
    assert [h["action"] for h in body["history"]] == ["drafted", "submitted"]
    seen = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=chair)
    assert seen.status_code == 200
    assert seen.json()["stage"]["due_at"] == body["stage"]["due_at"]
    tasks = (await client.get("/api/v1/tasks", headers=chair)).json()
    assert dossier_id in {t["id"] for t in tasks["items"]}
    again = await client.post(f"/api/v1/dossiers/{dossier_id}/submit", json={}, headers=officer)
    assert again.status_code == 409, again.text


async def test_submission_may_change_summary_and_nominees(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await draft(client, world, names=("Trần Thị Bình",))
    await attach_required(client, world, created)
    body = {
        "summary": "Thành tích đã bổ sung",
        "nominees": [
            {"kind": "individual", "name": "Trần Thị Bình"},
            {"kind": "individual", "name": "Lê Văn Cường"},
        ],
        "comment": "Đủ hồ sơ",
    }
    answer = await client.post(
        f"/api/v1/dossiers/{created['id']}/submit", json=body, headers=world.as_("U1", "officer")
    )
    assert answer.status_code == 200, answer.text
    submitted_view = answer.json()
    assert submitted_view["summary"] == "Thành tích đã bổ sung"
    assert [n["name"] for n in submitted_view["nominees"]] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert submitted_view["history"][-1]["comment"] == "Đủ hồ sơ"


async def test_only_an_officer_of_the_proposing_org_submits(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await draft(client, world)
    path = f"/api/v1/dossiers/{created['id']}/submit"
    assert (await client.post(path, json={}, headers=world.as_("U1", "chair"))).status_code == 403
    assert (await client.post(path, json={}, headers=world.as_("D1", "officer"))).status_code == 404
    bad = await client.post(path, json={"nominees": []}, headers=world.as_("U1", "officer"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].startswith("nominees")


async def test_a_draft_can_be_discarded(client: httpx.AsyncClient, world: World) -> None:
    created = await draft(client, world)
    answer = await client.post(
        f"/api/v1/dossiers/{created['id']}/withdraw",
        json={"comment": "Không nộp nữa"},
        headers=world.as_("U1", "officer"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "withdrawn"


async def test_a_keyed_submission_happens_once(client: httpx.AsyncClient, world: World) -> None:
    created = await draft(client, world)
    await attach_required(client, world, created)
    headers = {**world.as_("U1", "officer"), "Idempotency-Key": f"submit-{created['id']}"}
    path = f"/api/v1/dossiers/{created['id']}/submit"
    first = await client.post(path, json={}, headers=headers)
    second = await client.post(path, json={}, headers=headers)
    assert first.status_code == second.status_code == 200, second.text
    assert first.json()["version"] == second.json()["version"]
    assert [h["action"] for h in second.json()["history"]] == ["drafted", "submitted"]


async def test_a_submitted_dossier_is_not_a_draft(client: httpx.AsyncClient, world: World) -> None:
    body = await submitted(client, world)
    assert body["status"] == "in_review"


async def test_a_resubmission_needs_the_papers_of_the_level_it_goes_back_to(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await submitted(client, world)
    dossier_id, officer = body["id"], world.as_("U1", "officer")
    returned = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "return", "comment": "Bổ sung biên bản họp"},
        headers=world.as_("D1", "chair"),
    )
    assert returned.status_code == 200, returned.text
    papers = (
        await client.get(f"/api/v1/dossiers/{dossier_id}/attachments", headers=officer)
    ).json()
    minutes = next(a for a in papers["items"] if a["kind"] == "bien_ban")
    gone = await client.delete(
        f"/api/v1/dossiers/{dossier_id}/attachments/{minutes['id']}", headers=officer
    )
    assert gone.status_code in (200, 204), gone.text
    path = f"/api/v1/dossiers/{dossier_id}/resubmit"
    refused = await client.post(path, json={"comment": "Nộp lại"}, headers=officer)
    assert refused.status_code == 409, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["documents.bien_ban"]
    await attach_required(client, world, body)
    answer = await client.post(path, json={"comment": "Nộp lại"}, headers=officer)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "in_review"
