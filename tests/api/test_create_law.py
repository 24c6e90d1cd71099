"""A create carries the law of issue 13 into the workflow: the award type and the simplified
procedure (no public posting), and each nominee's eligibility from the registry — a warning in
the 201, stored on the dossier for every chair who reviews it."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")


async def _bravery(client: httpx.AsyncClient, world: World, *, simplified: bool) -> dict:  # type: ignore[type-arg]
    body = {
        "proposer_org": world.code("U1"),
        "award_code": "HC_DUNG_CAM",
        "award_type": "ad_hoc",
        "simplified": simplified,
        "summary": "Cứu người trong lũ",
        "nominees": [{"kind": "individual", "name": "Phạm Văn Dũng"}],
    }
    created = await client.post("/api/v1/dossiers", json=body, headers=world.as_("U1", "officer"))
    assert created.status_code == 201, created.text
    dossier: dict = created.json()  # type: ignore[type-arg]
    assert (dossier["award_type"], dossier["simplified"]) == ("ad_hoc", simplified)
    forwarded = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/decisions",
        json={"action": "approve", "comment": "Đề nghị khen đột xuất"},
        headers=world.as_("D1", "chair"),
    )
    assert forwarded.status_code == 200, forwarded.text
    return forwarded.json()  # type: ignore[no-any-return]


async def test_ad_hoc_simplified_procedure_skips_the_public_posting(
    client: httpx.AsyncClient, world: World
) -> None:
    simplified = await _bravery(client, world, simplified=True)
    assert (simplified["stage"]["level"], simplified["stage"]["phase"]) == ("province", "review")
    assert simplified["route_orgs"][:3] == [world.code(a) for a in ("U1", "D1", "P3")]
    read = await client.get(
        f"/api/v1/dossiers/{simplified['id']}", headers=world.as_("P3", "chair")
    )
    assert (read.json()["award_type"], read.json()["simplified"]) == ("ad_hoc", True)
    regular = await _bravery(client, world, simplified=False)
    assert (regular["stage"]["level"], regular["stage"]["phase"]) == ("province", "public_posting")


async def test_simplified_needs_ad_hoc(client: httpx.AsyncClient, world: World) -> None:
    body = {
        "proposer_org": world.code("U1"),
        "award_code": "BK_TINH",
        "simplified": True,
        "summary": "x",
        "nominees": [{"kind": "individual", "name": "Phạm Văn Dũng"}],
    }
    refused = await client.post("/api/v1/dossiers", json=body, headers=world.as_("U1", "officer"))
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "simplified"


async def test_ineligible_nominee_is_a_warning_and_stays_on_the_dossier(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await submit(
        client,
        world,
        award_code="BK_TINH",
        nominees=[{"kind": "individual", "name": "Lê Thị Hoa", "birth_date": "1980-05-02"}],
    )
    assert created.status_code == 201, created.text
    answer = created.json()
    assert answer["warnings"]
    assert "Lê Thị Hoa" in answer["warnings"][0]
    nominee = answer["nominees"][0]
    assert nominee["eligibility"]["eligible"] is False
    assert any(not c["met"] for c in nominee["eligibility"]["checks"])
    read = await client.get(f"/api/v1/dossiers/{answer['id']}", headers=world.as_("D1", "chair"))
    assert read.json()["nominees"][0]["eligibility"] == nominee["eligibility"]
    assert read.json()["nominees"][0]["birth_date"] == "1980-05-02"


async def test_decision_numbers_follow_the_body_s_sequence_and_refuse_reuse(
    client: httpx.AsyncClient, world: World
) -> None:
    chair = world.as_("D1", "chair")
    first = (await submit(client, world)).json()
    auto = await client.post(
        f"/api/v1/dossiers/{first['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=chair,
    )
    assert auto.status_code == 200, auto.text
    seq, _, symbol = auto.json()["decision"]["number"].partition("/")
    assert seq.isdigit()
    assert symbol == "QĐ-UBND"
    typed = {
        "action": "approve",
        "comment": "Đồng ý",
        "decision_number": f"{900 + int(seq)}/QĐ-UBND",
    }
    second = (await submit(client, world)).json()
    kept = await client.post(
        f"/api/v1/dossiers/{second['id']}/decisions", json=typed, headers=chair
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["decision"]["number"] == typed["decision_number"]
    third = (await submit(client, world)).json()
    reused = await client.post(
        f"/api/v1/dossiers/{third['id']}/decisions", json=typed, headers=chair
    )
    assert reused.status_code == 409, reused.text
    assert reused.json()["errors"][0]["field"] == "decision_number"
    still = await client.get(f"/api/v1/dossiers/{third['id']}", headers=chair)
    assert still.json()["status"] == "in_review"  # a refused request changes nothing


async def test_decisions_and_downloads_are_in_the_audit_log(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = (await submit(client, world)).json()
    decided = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=world.as_("D1", "chair"),
    )
    assert decided.status_code == 200, decided.text
    sheet = await client.get(
        f"/api/v1/dossiers/{dossier['id']}/nominees.xlsx", headers=world.as_("U1", "viewer")
    )
    assert sheet.status_code == 200
    log = (await client.get("/api/v1/audit", params={"limit": 200}, headers=world.admin)).json()
    seen = {(e["actor"], e["action"], e["target"]) for e in log["items"]}
    chair = f"chair.d1.{world.tag}".lower()
    viewer = f"viewer.u1.{world.tag}".lower()
    assert (chair, "dossier.approve", dossier["id"]) in seen
    path = f"/api/v1/dossiers/{dossier['id']}/nominees.xlsx"
    assert (viewer, "document.downloaded", path) in seen


async def test_the_council_vote_is_kept_in_the_history(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = (await submit(client, world, award_code="BK_TINH")).json()
    path = f"/api/v1/dossiers/{dossier['id']}/decisions"
    forwarded = await client.post(
        path, json={"action": "approve", "comment": "Đồng ý"}, headers=world.as_("D1", "chair")
    )
    assert forwarded.status_code == 200, forwarded.text
    vote = {"members_total": 9, "present": 8, "in_favor": 8}
    decided = await client.post(
        path,
        json={"action": "approve", "comment": "Hội đồng nhất trí", "vote": vote},
        headers=world.as_("P3", "chair"),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["history"][-1]["vote"] == vote
    read = await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=world.as_("P3", "viewer"))
    assert read.json()["history"][-1]["vote"] == vote


async def test_dossier_ids_come_from_a_sequence(client: httpx.AsyncClient, world: World) -> None:
    first = (await submit(client, world)).json()["id"]
    second = (await submit(client, world)).json()["id"]
    year, number = first.split("-")[1:]
    assert re.fullmatch(r"HS-\d{4}-\d{7}", first)
    assert re.fullmatch(r"HS-\d{4}-\d{7}", second)
    assert int(second.rsplit("-", 1)[1]) > int(number)
    assert year.isdigit()
