"""Permission refusals name the org ("UBND tỉnh Hưng Yên"), not its code ("HY"), and change
nothing: a dossier for another org, statistics and the registry of an org outside one's scope,
and a registry import row for such an org."""

from __future__ import annotations

import httpx

from tests.api.conftest import World
from tests.registry.workbook import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def org_name(world: World, alias: str) -> str:
    level = {"P": "province", "D": "district", "U": "unit", "C": "commune"}[alias[0]]
    return f"{level} {alias} thử"  # as tests.api.conftest.build_world names them


async def test_a_dossier_for_another_org_is_refused_by_its_name(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    mine = {"proposer_org": world.code("U1")}
    before = (await client.get("/api/v1/dossiers", params=mine, headers=headers)).json()
    body = {
        "proposer_org": world.code("D1"), "award_code": "GIAY_KHEN", "draft": True,
        "nominees": [{"kind": "individual", "name": "Phí Văn Đức"}],
    }  # fmt: skip
    for lang, words in (
        ("vi", "Đơn vị đề nghị: Chỉ cán bộ của"),
        ("en", "Proposer: Only an officer of"),
    ):
        response = await client.post(
            "/api/v1/dossiers", json=body, headers={**headers, "Accept-Language": lang}
        )
        assert response.status_code == 403, response.text
        detail = response.json()["detail"]
        assert detail.startswith(words)
        assert response.json()["errors"][0]["field"] == "proposer_org"
        assert org_name(world, "D1") in detail
        assert world.code("D1") not in detail
    assert (await client.get("/api/v1/dossiers", params=mine, headers=headers)).json() == before


async def test_stats_and_registry_outside_one_s_scope_name_the_org(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    for path in ("/api/v1/stats", "/api/v1/registry", "/api/v1/registry/initiatives"):
        response = await client.get(path, params={"org_code": world.code("P2")}, headers=headers)
        assert response.status_code == 403, (path, response.text)
        detail = response.json()["detail"]
        assert detail == f"Đơn vị: {org_name(world, 'P2')} nằm ngoài phạm vi của bạn"
        assert response.json()["errors"][0]["field"] == "org_code"


async def test_an_import_row_for_an_org_outside_one_s_scope_names_it(
    client: httpx.AsyncClient, world: World
) -> None:
    row = ("Quách Thị Vân", None, None, world.code("U3"), "LDTT", 2024, "1/QĐ", "2025-01-05")
    response = await client.post(
        "/api/v1/registry/import",
        files={"file": ("so.xlsx", xlsx([row]), XLSX)},
        headers=world.as_("U1", "officer"),
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "mã đơn vị")]
    assert errors[0]["message"] == f"{org_name(world, 'U3')} nằm ngoài phạm vi của bạn"
    page = await client.get("/api/v1/registry", params={"q": "Quách Thị Vân"}, headers=world.admin)
    assert page.json()["total"] == 0
