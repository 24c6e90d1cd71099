"""Registry and register searches fold accents and đ/Đ as dossier search does (one folding,
`tdkt_fold`): "Tran Thi Mai" finds "Trần Thị Mai" (it found nothing)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World
from tests.registry.test_registry_api import record


@pytest.mark.parametrize("typed", ["Tran Thi Dao", "TRAN THI DAO", "trần thị đào", "Tran Thị Đao"])
async def test_the_registry_finds_a_name_typed_without_accents(
    client: httpx.AsyncClient, world: World, typed: str
) -> None:
    officer = world.as_("U1", "officer")
    names = [f"Trần Thị Đào {world.tag}", f"Trần Thị Đào {world.tag}"]
    for name in names:
        created = await client.post(
            "/api/v1/registry", json=record(world, name=name), headers=officer
        )
        assert created.status_code in (201, 409), created.text
    accented = await client.get(
        "/api/v1/registry", params={"q": f"Trần Thị Đào {world.tag}"}, headers=officer
    )
    plain = await client.get(
        "/api/v1/registry", params={"q": f"{typed} {world.tag}"}, headers=officer
    )
    assert plain.status_code == 200
    assert accented.json()["total"] >= 1
    assert plain.json() == accented.json()


async def test_the_discipline_register_folds_too(client: httpx.AsyncClient, world: World) -> None:
    body = {
        "person": {"name": f"Đặng Văn Đức {world.tag}", "birth_date": "1980-02-02"},
        "org_code": world.code("U2"),
        "from": "2025-10-01",
        "kind": "investigation",
        "note": "Thanh tra theo đơn",
    }
    officer = world.as_("D2", "officer")
    created = await client.post("/api/v1/registry/discipline", json=body, headers=officer)
    assert created.status_code == 201, created.text
    found = await client.get(
        "/api/v1/registry/discipline", params={"q": f"dang van duc {world.tag}"}, headers=officer
    )
    assert found.json()["total"] == 1
    assert found.json()["items"][0]["person"]["name"] == f"Đặng Văn Đức {world.tag}"


async def test_like_wildcards_in_a_search_are_plain_characters(
    client: httpx.AsyncClient, world: World
) -> None:
    officer = world.as_("U1", "officer")
    await client.post(
        "/api/v1/registry", json=record(world, name=f"Lê Văn Tâm {world.tag}"), headers=officer
    )
    found = await client.get(
        "/api/v1/registry", params={"q": f"le van tam {world.tag}"}, headers=officer
    )
    assert found.json()["total"] == 1
    wild = await client.get(
        "/api/v1/registry", params={"q": f"Le%Tam {world.tag}"}, headers=officer
    )
    assert wild.json() == {"items": [], "total": 0}


async def test_a_control_character_in_q_names_the_search_box(
    client: httpx.AsyncClient, world: World
) -> None:
    answer = await client.get(
        "/api/v1/registry", params={"q": "Trần\x00Mai"}, headers=world.as_("U1", "officer")
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert error["field"] == "q"
    assert error["message"].startswith("Từ khoá: "), error["message"]
