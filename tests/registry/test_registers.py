"""Discipline / investigation and initiative registers over HTTP (contract §12)."""

from __future__ import annotations

import httpx

from tests.api.conftest import World
from tests.registry.workbook import cccd


async def test_discipline_period_recorded_and_listed(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {
        "person": {"name": "Vũ Đình Khang", "birth_date": "1980-02-02"},
        "org_code": world.code("U2"),
        "from": "2025-10-01",
        "kind": "investigation",
        "note": "Thanh tra theo đơn tố cáo",
    }
    created = await client.post(
        "/api/v1/registry/discipline", json=body, headers=world.as_("D2", "officer")
    )
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["from"], item["to"], item["kind"]) == ("2025-10-01", None, "investigation")
    assert item["recorded_by"].startswith("officer.d2.")
    page = await client.get(
        "/api/v1/registry/discipline",
        params={"q": "VŨ ĐÌNH KHANG"},
        headers=world.as_("U2", "viewer"),
    )
    assert page.json()["total"] == 1
    assert page.json()["items"][0]["person"]["birth_date"] == "1980-02-02"
    hidden = await client.get(
        "/api/v1/registry/discipline",
        params={"q": "Vũ Đình Khang"},
        headers=world.as_("U1", "viewer"),
    )
    assert hidden.json() == {"items": [], "total": 0}


async def test_discipline_bad_input(client: httpx.AsyncClient, world: World) -> None:
    base = {
        "person": {"name": "Vũ Văn Lực"},
        "org_code": world.code("U1"),
        "from": "2025-10-01",
        "to": "2025-12-31",
        "kind": "discipline",
    }
    headers = world.as_("U1", "officer")
    for change, field in (
        ({"to": "2025-09-30"}, "to"),
        ({"kind": "khien_trach"}, "kind"),
        ({"from": "01/10/2025"}, "from"),
        ({"person": {"name": "Vũ", "identity_number": "99"}}, "person.identity_number"),
        ({"note": "\x00"}, "note"),
    ):
        response = await client.post(
            "/api/v1/registry/discipline", json={**base, **change}, headers=headers
        )
        assert response.status_code == 422, (change, response.text)
        assert any(e["field"] == field for e in response.json()["errors"]), response.json()
    forbidden = await client.post(
        "/api/v1/registry/discipline", json=base, headers=world.as_("U2", "officer")
    )
    assert forbidden.status_code == 403
    viewer = await client.post(
        "/api/v1/registry/discipline", json=base, headers=world.as_("U1", "viewer")
    )
    assert viewer.status_code == 403


async def test_initiative_recorded_for_the_callers_org_by_default(
    client: httpx.AsyncClient, world: World
) -> None:
    number = cccd(900_001, 1990)
    body = {
        "person": {"name": "Trịnh Thu Trang", "identity_number": number},
        "title": "Ứng dụng bản đồ số quản lý hồ sơ học sinh",
        "scope": "unit",
        "recognised_on": "2025-06-15",
    }
    created = await client.post(
        "/api/v1/registry/initiatives", json=body, headers=world.as_("U1", "officer")
    )
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["org_code"] == world.code("U1")
    assert item["used_for"] is None
    assert item["person"]["identity_number"] == number
    page = await client.get(
        "/api/v1/registry/initiatives", params={"q": number}, headers=world.as_("P3", "viewer")
    )
    assert [i["title"] for i in page.json()["items"]] == [body["title"]]
    bad = await client.post(
        "/api/v1/registry/initiatives",
        json={**body, "scope": "district"},
        headers=world.as_("U1", "officer"),
    )
    assert bad.status_code == 422
    elsewhere = await client.post(
        "/api/v1/registry/initiatives",
        json={**body, "org_code": world.code("U3")},
        headers=world.as_("U1", "officer"),
    )
    assert elsewhere.status_code == 403
