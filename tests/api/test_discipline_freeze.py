"""ND152 Art.4.4 at approval (contract §12: the discipline register "freezes nominations"): an
approval, on the API and on the web form, is refused (409) while a nominee it would award is
under a discipline period on the decision date, read from the register at decide time, so a
discipline recorded after the dossier was lodged freezes it too. The refusal names the nominee
(``nominees[i]``), the kind and the period, in Vietnamese or English, and changes nothing
(dossier, audit log, outbox); return stays open; an ended discipline freezes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from domain.calendar import local_date
from tests.api.conftest import PASSWORD, World, submit
from tests.registry.workbook import cccd

pytestmark = pytest.mark.usefixtures("worker")

EN = {"Accept-Language": "en"}
TODAY = local_date(datetime.now(UTC))
SINCE = TODAY - timedelta(days=30)
UNTIL = TODAY + timedelta(days=300)
BASIS_VI = "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP"
BASIS_EN = "clause 4, Article 4 of Decree 152/2025/ND-CP"


def _d(day: Any) -> str:
    return f"{day:%d/%m/%Y}"


async def _dossier(client: httpx.AsyncClient, world: World, *nominees: dict[str, Any]) -> Any:
    created = await submit(client, world, nominees=list(nominees))
    assert created.status_code == 201, created.text
    path = f"/api/v1/dossiers/{created.json()['id']}"
    return (await client.get(path, headers=world.as_("D1", "chair"))).json()


async def _discipline(
    client: httpx.AsyncClient, world: World, person: dict[str, Any], start: Any, end: Any
) -> None:
    body = {"person": person, "org_code": world.code("U1"), "from": start.isoformat(),
            "kind": "discipline"}  # fmt: skip
    if end is not None:
        body["to"] = end.isoformat()
    recorded = await client.post(
        "/api/v1/registry/discipline", json=body, headers=world.as_("U1", "officer")
    )
    assert recorded.status_code == 201, recorded.text


async def _decide(
    client: httpx.AsyncClient, world: World, dossier_id: str, action: str = "approve",
    lang: dict[str, str] | None = None, **more: Any,
) -> httpx.Response:  # fmt: skip
    body = {"action": action, "comment": "Ý kiến của hội đồng", **more}
    return await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions", json=body,
        headers={**world.as_("D1", "chair"), **(lang or {})},
    )  # fmt: skip


async def _state(client: httpx.AsyncClient, world: World, dossier_id: str, since: str) -> Any:
    """What a refusal must leave alone: the dossier, its audit entries, its outbox messages."""
    dossier = (
        await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.as_("D1", "chair"))
    ).json()
    audit = await client.get(
        "/api/v1/audit", params={"since": since, "limit": 500}, headers=world.admin
    )
    outbox = await client.get("/api/v1/outbox", params={"limit": 500}, headers=world.admin)
    return (
        {k: dossier[k] for k in ("status", "stage", "version", "history", "decision")},
        [e for e in audit.json()["items"] if e["target"] == dossier_id],
        sorted(m["id"] for m in outbox.json()["items"] if m["dossier_id"] == dossier_id),
    )


async def test_a_discipline_recorded_after_lodging_refuses_the_approval(
    client: httpx.AsyncClient, world: World
) -> None:
    number = cccd(7101, born_year=1986)
    khoa = {"kind": "individual", "name": "Phạm Văn Khoa", "birth_date": "1986-04-02",
            "identity_number": number}  # fmt: skip
    lan = {"kind": "individual", "name": "Đỗ Thị Lan"}
    dossier = await _dossier(client, world, lan, khoa)
    # recorded afterwards, under another spelling and no birth date: the CCCD matches it
    await _discipline(client, world, {"name": "PHẠM KHOA", "identity_number": number}, SINCE, UNTIL)
    since = datetime.now(UTC).isoformat()
    before = await _state(client, world, dossier["id"], since)

    refused = await _decide(client, world, dossier["id"])
    assert refused.status_code == 409, refused.text
    vi = (
        f"Danh sách đối tượng đề nghị (dòng 2): Phạm Văn Khoa (đang chịu kỷ luật, từ {_d(SINCE)} "
        f"đến {_d(UNTIL)}) không được xét khen thưởng ({BASIS_VI}); không thể phê duyệt: hãy bỏ "
        "chọn người này hoặc trả lại hồ sơ"
    )
    assert refused.json()["errors"] == [{"field": "nominees[1]", "message": vi}]
    assert refused.json()["detail"] == vi
    english = await _decide(client, world, dossier["id"], lang=EN)
    assert english.status_code == 409, english.text
    en = (
        f"Nominees (row 2): Phạm Văn Khoa (under a disciplinary measure, from {_d(SINCE)} to "
        f"{_d(UNTIL)}) cannot be considered for an award ({BASIS_EN}); approval refused: "
        "untick this nominee or return the dossier"
    )
    assert english.json()["errors"] == [{"field": "nominees[1]", "message": en}]
    assert await _state(client, world, dossier["id"], since) == before

    returned = await _decide(client, world, dossier["id"], action="return")
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"


async def test_a_decision_date_inside_an_open_period_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    """Matched by name + birth date (no CCCD on either side); an open period never ends."""
    nga = {"kind": "individual", "name": "Hoàng Thị Nga", "birth_date": "1990-09-09"}
    dossier = await _dossier(client, world, nga)
    person = {"name": "hoàng  thị nga", "birth_date": "1990-09-09"}
    await _discipline(client, world, person, TODAY, None)
    since = datetime.now(UTC).isoformat()
    before = await _state(client, world, dossier["id"], since)
    refused = await _decide(client, world, dossier["id"])
    assert refused.status_code == 409, refused.text
    (error,) = refused.json()["errors"]
    assert error["field"] == "nominees[0]"
    assert f"Hoàng Thị Nga (đang chịu kỷ luật, từ {_d(TODAY)}, chưa kết thúc)" in error["message"]
    assert await _state(client, world, dossier["id"], since) == before
    rejected = await _decide(client, world, dossier["id"], action="reject")
    assert rejected.status_code == 200, rejected.text


async def test_an_ended_discipline_or_another_person_does_not_freeze(
    client: httpx.AsyncClient, world: World
) -> None:
    minh = {"kind": "individual", "name": "Lê Văn Minh", "birth_date": "1984-01-15"}
    dossier = await _dossier(client, world, minh)
    ended = TODAY - timedelta(days=1)
    await _discipline(client, world, {"name": "Lê Văn Minh"}, TODAY - timedelta(days=400), ended)
    # the same name born another day is another person
    other = {"name": "Lê Văn Minh", "birth_date": "1984-01-16"}
    await _discipline(client, world, other, SINCE, UNTIL)
    approved = await _decide(client, world, dossier["id"])
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "decided"


async def test_a_frozen_nominee_left_out_does_not_stop_the_others(
    client: httpx.AsyncClient, world: World
) -> None:
    tuan = {"kind": "individual", "name": "Vũ Văn Tuấn", "birth_date": "1979-03-03"}
    hoa = {"kind": "individual", "name": "Trịnh Thị Hoa", "birth_date": "1992-07-07"}
    dossier = await _dossier(client, world, tuan, hoa)
    await _discipline(client, world, {"name": "Vũ Văn Tuấn"}, SINCE, UNTIL)
    ids = [n["id"] for n in dossier["nominees"]]
    both = await _decide(client, world, dossier["id"], nominee_ids=ids)
    assert both.status_code == 409, both.text
    assert [e["field"] for e in both.json()["errors"]] == ["nominees[0]"]
    approved = await _decide(client, world, dossier["id"], nominee_ids=[ids[1]])
    assert approved.status_code == 200, approved.text
    outcomes = {n["name"]: n["outcome"] for n in approved.json()["nominees"]}
    assert outcomes == {"Vũ Văn Tuấn": "dropped", "Trịnh Thị Hoa": "approved"}


async def test_the_web_page_warns_and_its_form_refuses(app: FastAPI, world: World) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as web:
        son = {"kind": "individual", "name": "Ngô Văn Sơn", "birth_date": "1983-12-12"}
        dossier = await _dossier(web, world, son)
        await _discipline(web, world, {"name": "Ngô Văn Sơn"}, SINCE, UNTIL)
        await web.get("/login")
        username = f"chair.d1.{world.tag}".lower()
        form = {"username": username, "password": PASSWORD, "csrf_token": web.cookies["tdkt_csrf"]}
        assert (await web.post("/login", data=form)).status_code == 303
        words = (
            f"Ngô Văn Sơn (đang chịu kỷ luật, từ {_d(SINCE)} đến {_d(UNTIL)}) không được xét "
            "khen thưởng"
        )
        page = await web.get(f"/ho-so/{dossier['id']}")
        assert page.status_code == 200
        notice = re.search(r'<div class="alert" id="decide-frozen".*?</div>', page.text, re.S)
        assert notice is not None
        assert words in re.sub(r"\s+", " ", notice.group(0))
        sent = {"csrf_token": web.cookies["tdkt_csrf"], "action": "approve", "comment": "Đồng ý"}
        refused = await web.post(f"/ho-so/{dossier['id']}/quyet-dinh", data=sent)
        assert refused.status_code == 409, refused.text[:300]
        assert f'<p class="alert" id="e-decide">Danh sách đối tượng đề nghị (dòng 1): {words}' in (
            re.sub(r"\s+", " ", refused.text)
        )
        after = await web.get(f"/api/v1/dossiers/{dossier['id']}", headers=world.as_("D1", "chair"))
        assert (after.json()["status"], after.json()["history"]) == (
            "in_review",
            dossier["history"],
        )
