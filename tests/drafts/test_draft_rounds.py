"""A draft joins a round when it is submitted (contract §9 + §13): a draft started before the
round opened is submitted into it, the round counts the unit as submitted; a round that does not
review the award, or one the unit is not under, is refused in words, with names, nothing done."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.api.conftest import World, eventually
from tests.drafts.helpers import attach_required, draft

pytestmark = pytest.mark.usefixtures("worker")


async def _open_round(client: httpx.AsyncClient, world: World, awards: list[str]) -> str:
    code = f"DR-{uuid.uuid4().hex[:8].upper()}"
    body = {
        "code": code,
        "name": f"Tổng kết năm 2026 ({code})",
        "year": 2026,
        "owner_org": world.code("P3"),
        "award_codes": awards,
        "submission_deadlines": {"unit": "P10D"},
    }
    answer = await client.post("/api/v1/rounds", json=body, headers=world.as_("P3", "chair"))
    assert answer.status_code == 201, answer.text
    return code


async def test_a_draft_is_submitted_into_a_round_opened_after_it(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await draft(client, world)
    assert created["round_code"] is None
    await attach_required(client, world, created)
    code = await _open_round(client, world, ["GIAY_KHEN"])
    officer = world.as_("U1", "officer")
    answer = await client.post(
        f"/api/v1/dossiers/{created['id']}/submit", json={"round_code": code}, headers=officer
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["round_code"]) == ("in_review", code)
    assert answer.json()["late"] is False
    read = await client.get(f"/api/v1/dossiers/{created['id']}", headers=officer)
    assert read.json()["round_code"] == code
    unit = world.code("U1")
    progress = await eventually(
        client,
        f"/api/v1/rounds/{code}",
        world.as_("P3", "chair"),
        lambda b: any(s["org_code"] == unit and s["submitted"] for s in b["submitters"]),
    )
    mine = next(s for s in progress["submitters"] if s["org_code"] == unit)
    assert mine["dossier_ids"] == [created["id"]]


async def test_a_round_that_does_not_fit_is_refused_in_words(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await draft(client, world)
    await attach_required(client, world, created)
    code = await _open_round(client, world, ["LDTT", "CSTD_CS"])
    officer = world.as_("U1", "officer")
    path = f"/api/v1/dossiers/{created['id']}/submit"
    wrong_award = await client.post(path, json={"round_code": code}, headers=officer)
    assert wrong_award.status_code == 422, wrong_award.text
    error = wrong_award.json()["errors"][0]
    assert error["field"] == "award_code"
    assert error["message"] == (
        f"Danh hiệu / hình thức khen thưởng: “Tổng kết năm 2026 ({code})” không xét Giấy khen "
        "(chỉ xét Lao động tiên tiến, Chiến sĩ thi đua cơ sở)"
    )
    unknown = await client.post(path, json={"round_code": "KHONG-CO"}, headers=officer)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "round_code"
    bad = await client.post(path, json={"round_code": "a\u0000b"}, headers=officer)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "round_code"
    # nothing happened: still a draft, in no round
    read = (await client.get(f"/api/v1/dossiers/{created['id']}", headers=officer)).json()
    assert (read["status"], read["round_code"]) == ("draft", None)


async def test_a_unit_outside_the_round_is_refused_with_names(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await draft(client, world, proposer="U3")
    await attach_required(client, world, created, proposer="U3")
    code = await _open_round(client, world, ["GIAY_KHEN"])
    answer = await client.post(
        f"/api/v1/dossiers/{created['id']}/submit",
        json={"round_code": code},
        headers=world.as_("U3", "officer"),
    )
    assert answer.status_code == 422, answer.text
    message = answer.json()["errors"][0]["message"]
    assert message == (
        f"Đợt xét: unit U3 thử không thuộc đợt Tổng kết năm 2026 ({code}) của province P3 thử"
    )
    assert world.code("U3") not in message
