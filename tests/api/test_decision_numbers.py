"""Decision numbers and dates typed by a chair (contract §11, ND30/2020): the shape
``<seq>/QĐ-<the body's symbol>``, normalised before the uniqueness check (so a number cannot be
reused by changing its case, spacing or leading zeros), and a date between the dossier's
submission and today. Every refusal names its field and changes nothing, on the API and on
the web form."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from domain.calendar import local_date
from tests.api.conftest import PASSWORD, World, submit

pytestmark = pytest.mark.usefixtures("worker")


def today() -> datetime:
    return datetime.now(UTC)


async def decide(
    client: httpx.AsyncClient, world: World, dossier_id: str, **typed: Any
) -> httpx.Response:
    body = {"action": "approve", "comment": "Đồng ý", **typed}
    return await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions", json=body, headers=world.as_("D1", "chair")
    )


async def unchanged(client: httpx.AsyncClient, world: World, before: dict[str, Any]) -> None:
    after = await client.get(f"/api/v1/dossiers/{before['id']}", headers=world.as_("D1", "chair"))
    assert after.json()["status"] == "in_review"
    assert after.json()["decision"] is None
    assert after.json()["history"] == before["history"]


async def refused(
    client: httpx.AsyncClient, world: World, dossier: dict[str, Any], status: int, **typed: Any
) -> dict[str, Any]:
    response = await decide(client, world, dossier["id"], **typed)
    assert response.status_code == status, response.text
    await unchanged(client, world, dossier)
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert len(errors) == 1
    return errors[0]


async def fresh(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    read = await client.get(
        f"/api/v1/dossiers/{created.json()['id']}", headers=world.as_("D1", "chair")
    )
    dossier: dict[str, Any] = read.json()
    return dossier


async def test_malformed_numbers_and_symbols_of_other_bodies_are_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = await fresh(client, world)
    shape = "Số quyết định phải có dạng <số thứ tự>/<ký hiệu>, ví dụ 15/QĐ-UBND."
    for typed in ("abc", "-5/QĐ-UBND", "QĐ-UBND", "1/", "1 /QĐ UBND"):
        error = await refused(client, world, dossier, 422, decision_number=typed)
        assert error == {"field": "decision_number", "message": shape}, typed
    for typed in ("0/QĐ-UBND", "1" * 21 + "/QĐ-UBND", "1000000/QĐ-UBND"):
        error = await refused(client, world, dossier, 422, decision_number=typed)
        assert error["field"] == "decision_number", typed
        assert error["message"].startswith(
            "Số quyết định: Số thứ tự của quyết định phải là số nguyên dương"
        )
    error = await refused(client, world, dossier, 422, decision_number="1/QĐ-TTg")
    assert error == {
        "field": "decision_number",
        "message": "Số quyết định: Ký hiệu “QĐ-TTg” không phải của district D1 thử: "
        "quyết định của cơ quan này mang ký hiệu QĐ-UBND.",
    }
    for other in ("1/QĐ-CTN", "1/QĐ-BNV", "1/QD-UBND"):
        error = await refused(client, world, dossier, 422, decision_number=other)
        assert error["field"] == "decision_number", other


async def test_a_number_is_normalised_before_the_uniqueness_check(
    client: httpx.AsyncClient, world: World
) -> None:
    seq = 100_000 + secrets.randbelow(800_000)
    first = await fresh(client, world)
    kept = await decide(client, world, first["id"], decision_number=f"  0{seq} / qđ-ubnd ")
    assert kept.status_code == 200, kept.text
    assert kept.json()["decision"]["number"] == f"{seq}/QĐ-UBND"
    second = await fresh(client, world)
    for typed in (f"{seq}/QĐ-UBND", f" {seq}/QĐ-UBND ", f"{seq}/qđ-ubnd", f"00{seq}/Qđ-Ubnd"):
        error = await refused(client, world, second, 409, decision_number=typed)
        assert error == {"field": "decision_number", "message": "Số quyết định: đã được dùng"}, (
            typed
        )
    english = await client.post(
        f"/api/v1/dossiers/{second['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý", "decision_number": f"{seq}/qđ-ubnd"},
        headers={**world.as_("D1", "chair"), "Accept-Language": "en"},
    )
    assert english.status_code == 409
    assert english.json()["detail"].startswith(f"Decision number {seq}/QĐ-UBND")


async def test_decision_dates_between_submission_and_today(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier = await fresh(client, world)
    now = local_date(today())
    for future in ("2199-12-31", (now + timedelta(days=1)).isoformat()):
        error = await refused(client, world, dossier, 422, decision_date=future)
        assert error == {
            "field": "decision_date",
            "message": f"Ngày quyết định không được sau hôm nay ({now:%d/%m/%Y}).",
        }
    error = await refused(client, world, dossier, 422, decision_date="2020-01-01")
    assert error == {
        "field": "decision_date",
        "message": f"Ngày quyết định không được trước ngày nộp hồ sơ ({now:%d/%m/%Y}).",
    }
    error = await refused(
        client, world, dossier, 422, decision_date="2199-12-31", decision_number="1/QĐ-UBND"
    )
    assert error["field"] == "decision_date"
    done = await decide(client, world, dossier["id"], decision_date=now.isoformat())
    assert done.status_code == 200, done.text
    assert done.json()["decision"]["date"] == now.isoformat()


async def test_the_web_decision_form_refuses_the_same(app: FastAPI, world: World) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as web:
        api_headers = world.as_("D1", "chair")
        created = await submit(web, world)
        dossier = (
            await web.get(f"/api/v1/dossiers/{created.json()['id']}", headers=api_headers)
        ).json()
        await web.get("/login")
        username = f"chair.d1.{world.tag}".lower()
        form = {"username": username, "password": PASSWORD, "csrf_token": web.cookies["tdkt_csrf"]}
        assert (await web.post("/login", data=form)).status_code == 303
        csrf = web.cookies["tdkt_csrf"]
        for field, typed, words in (
            ("decision_number", "1/QĐ-TTg", "Ký hiệu “QĐ-TTg” không phải của district D1 thử"),
            ("decision_date", "2199-12-31", "Ngày quyết định không được sau hôm nay"),
        ):
            sent = {"csrf_token": csrf, "action": "approve", "comment": "Đồng ý", field: typed}
            page = await web.post(f"/ho-so/{dossier['id']}/quyet-dinh", data=sent)
            assert page.status_code == 422, page.text[:300]
            assert words in re.sub(r"\s+", " ", page.text)
            after = await web.get(f"/api/v1/dossiers/{dossier['id']}", headers=api_headers)
            assert (after.json()["status"], after.json()["history"]) == (
                "in_review",
                dossier["history"],
            )
