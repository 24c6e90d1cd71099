"""GET/POST /api/v1/registry: scope, personal data, validation, duplicates (contract §12)."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from tests.api.conftest import World
from tests.registry.workbook import cccd

_serial = itertools.count(100)


def record(world: World, alias: str = "U1", **person: Any) -> dict[str, Any]:
    serial = next(_serial)
    return {
        "person": {
            "name": f"Phạm Thị Hoa {chr(0x41 + serial % 26)}{serial}",
            "birth_date": "1985-04-12",
            "identity_number": cccd(serial),
            **person,
        },
        "org_code": world.code(alias),
        "award_code": "CSTD_CS",
        "year": 2024,
        "decision_number": f"{serial}/QĐ-UBND",
        "decision_date": "2025-01-10",
    }


async def test_officer_records_and_the_subtree_reads(
    client: httpx.AsyncClient, world: World
) -> None:
    body = record(world)
    created = await client.post("/api/v1/registry", json=body, headers=world.as_("U1", "officer"))
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["source"] == "import"
    assert item["person"] == body["person"]
    assert {k: item[k] for k in ("org_code", "award_code", "year", "decision_number")} == {
        k: body[k] for k in ("org_code", "award_code", "year", "decision_number")
    }
    params = {"q": body["person"]["name"].upper().replace(" ", "   ")}
    for reader in (world.as_("U1", "viewer"), world.as_("D1", "chair"), world.admin):
        page = (await client.get("/api/v1/registry", params=params, headers=reader)).json()
        assert page["total"] == 1
        assert page["items"][0]["person"]["identity_number"] == body["person"]["identity_number"]
    # a sibling district and the other province neither see it nor may ask for it
    for outsider in (world.as_("D2", "officer"), world.as_("P2", "chair")):
        page = (await client.get("/api/v1/registry", params=params, headers=outsider)).json()
        assert page == {"items": [], "total": 0}
        denied = await client.get(
            "/api/v1/registry", params={"org_code": world.code("U1")}, headers=outsider
        )
        assert denied.status_code == 403
        assert "phạm vi" in denied.json()["detail"]


async def test_search_by_identity_number_award_and_year(
    client: httpx.AsyncClient, world: World
) -> None:
    body = record(world, "U2", birth_date=None)
    body["award_code"], body["year"] = "LDTT", 2023
    headers = world.as_("D2", "officer")
    assert (await client.post("/api/v1/registry", json=body, headers=headers)).status_code == 201
    number = body["person"]["identity_number"]
    for params, total in (
        ({"q": number}, 1),
        ({"q": number, "award_code": "LDTT", "year": "2023"}, 1),
        ({"q": number, "year": "2024"}, 0),
        ({"q": number, "award_code": "CSTD_CS"}, 0),
    ):
        page = (await client.get("/api/v1/registry", params=params, headers=headers)).json()
        assert page["total"] == total, params
    item = (await client.get("/api/v1/registry", params={"q": number}, headers=headers)).json()
    assert "birth_date" not in item["items"][0]["person"]


async def test_who_may_write(client: httpx.AsyncClient, world: World) -> None:
    cases = [
        (world.as_("U1", "viewer"), "U1", 403),
        (world.as_("U1", "chair"), "U1", 403),
        (world.as_("U2", "officer"), "U1", 403),  # another unit
        (world.as_("U1", "officer"), "D1", 403),  # the parent org
        (world.as_("P3", "officer"), "U1", 201),  # the province, for a unit below it
        (world.admin, "U3", 201),
    ]
    for headers, alias, expected in cases:
        response = await client.post("/api/v1/registry", json=record(world, alias), headers=headers)
        assert response.status_code == expected, (alias, response.text)


async def test_duplicate_record_is_409_and_changes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    body = record(world)
    assert (await client.post("/api/v1/registry", json=body, headers=headers)).status_code == 201
    same = {**body, "person": {**body["person"], "name": body["person"]["name"].lower()}}
    again = await client.post("/api/v1/registry", json=same, headers=headers)
    assert again.status_code == 409
    assert "đã có" in again.json()["detail"]
    page = await client.get(
        "/api/v1/registry", params={"q": body["person"]["identity_number"]}, headers=headers
    )
    assert page.json()["total"] == 1


async def test_bad_input_is_a_vietnamese_422_naming_the_field(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")

    def variant(**changes: Any) -> dict[str, Any]:
        body = record(world)
        for key, value in changes.items():
            if key.startswith("person."):
                body["person"][key.removeprefix("person.")] = value
            else:
                body[key] = value
        return body

    cases = [
        (variant(award_code="KHONG_CO"), "award_code", "Không có danh hiệu"),
        (variant(**{"person.identity_number": "12345"}), "person.identity_number", "12 chữ số"),
        (variant(**{"person.identity_number": "027090001234"}), "person.identity_number", "1990"),
        (variant(**{"person.name": "An\x00"}), "person.name", "ký tự điều khiển"),
        (variant(**{"person.name": "\u200b\u200b"}), "person.name", "nhìn thấy"),
        (variant(decision_date="2023-05-01"), "decision_date", "trước năm thành tích"),
        (variant(decision_date="2099-01-01"), "decision_date", "tương lai"),
        (variant(org_code="KHONG-CO"), "org_code", "Không có đơn vị"),
        (variant(award_code="TTLDTT"), "award_code", "tập thể"),
        (variant(year=1800), "year", ""),
    ]
    for body, field, message in cases:
        response = await client.post("/api/v1/registry", json=body, headers=headers)
        assert response.status_code == 422, (field, response.text)
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert any(e["field"] == field and message in e["message"] for e in problem["errors"]), (
            field,
            problem,
        )
    for params in ({"q": "a\x00"}, {"year": "x"}, {"org_code": "KHONG-CO"}):
        response = await client.get("/api/v1/registry", params=params, headers=headers)
        assert response.status_code == 422, params
