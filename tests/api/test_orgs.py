"""Organisations and users (contract §3): admin-only writes, tree rules, duplicates."""

from __future__ import annotations

import uuid

import httpx

from tests.api.conftest import World


def _code(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6].upper()}"


async def test_create_get_and_list_orgs(client: httpx.AsyncClient, world: World) -> None:
    code = _code("UX")
    body = {
        "code": code,
        "name": "Trường THCS Lạc Vệ",
        "level": "unit",
        "parent_code": world.code("D1"),
    }
    created = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert created.status_code == 201
    assert created.json() == {
        **body,
        "kind": "internal",
        "doc_symbol": "THCSLV",  # the abbreviation of the name, never the org code
        "locality": "district D1 thử",  # the parent district's (its name is not "UBND …")
    }
    got = await client.get(f"/api/v1/orgs/{code}", headers=world.as_("U1", "viewer"))
    assert got.json()["name"] == "Trường THCS Lạc Vệ"
    listed = await client.get(
        "/api/v1/orgs", params={"parent_code": world.code("D1")}, headers=world.admin
    )
    items = listed.json()["items"]
    # the shared world's district: other tests add orgs under it too
    assert {world.code("U1"), code} <= {o["code"] for o in items}
    assert {o["parent_code"] for o in items} == {world.code("D1")}
    central = await client.get("/api/v1/orgs", params={"level": "central"}, headers=world.admin)
    assert [o["code"] for o in central.json()["items"]] == ["BNV"]


async def test_duplicate_org_code_is_409(client: httpx.AsyncClient, world: World) -> None:
    body = {"code": world.code("U1"), "name": "x", "level": "unit", "parent_code": world.code("D1")}
    response = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert response.status_code == 409
    assert response.json()["status"] == 409


async def test_state_orgs_are_parentless_singletons(
    client: httpx.AsyncClient, world: World
) -> None:
    second = {"code": _code("BNV2"), "name": "Bộ Nội vụ 2", "level": "central", "parent_code": None}
    assert (await client.post("/api/v1/orgs", json=second, headers=world.admin)).status_code == 409
    with_parent = {**second, "level": "government", "parent_code": world.code("P3")}
    response = await client.post("/api/v1/orgs", json=with_parent, headers=world.admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent_code"


async def test_tree_rules_are_422_naming_the_field(client: httpx.AsyncClient, world: World) -> None:
    cases: list[tuple[dict[str, str | None], str]] = [
        ({"level": "unit", "parent_code": None}, "parent_code"),
        ({"level": "unit", "parent_code": "KHONG-CO"}, "parent_code"),
        ({"level": "district", "parent_code": world.code("U1")}, "parent_code"),
        ({"level": "unit", "parent_code": "TTG"}, "parent_code"),
        ({"level": "province", "parent_code": world.code("P2")}, "parent_code"),
        ({"level": "hamlet", "parent_code": world.code("D1")}, "level"),
    ]
    for extra, field in cases:
        body: dict[str, str | None] = {"code": _code("BAD"), "name": "x", **extra}
        response = await client.post("/api/v1/orgs", json=body, headers=world.admin)
        assert response.status_code == 422, (extra, response.text)
        assert response.json()["errors"][0]["field"] == field


async def test_unknown_org_is_404(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v1/orgs/KHONG-CO", headers=world.admin)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_create_user_rules(client: httpx.AsyncClient, world: World) -> None:
    name = f"u{uuid.uuid4().hex[:8]}"
    body = {
        "username": name,
        "password": "Matkhau#2026",
        "full_name": "Lê Thị Hoa",
        "org_code": world.code("U3"),
        "roles": ["officer", "viewer"],
    }
    created = await client.post("/api/v1/users", json=body, headers=world.admin)
    assert created.status_code == 201
    assert created.json()["roles"] == ["officer", "viewer"]
    assert "password" not in created.json()
    again = await client.post("/api/v1/users", json=body, headers=world.admin)
    assert again.status_code == 409
    bad_org = await client.post(
        "/api/v1/users",
        json={**body, "username": name + "x", "org_code": "KHONG"},
        headers=world.admin,
    )
    assert bad_org.status_code == 422
    assert bad_org.json()["errors"][0]["field"] == "org_code"
    bad_role = await client.post(
        "/api/v1/users",
        json={**body, "username": name + "y", "roles": ["king"]},
        headers=world.admin,
    )
    assert bad_role.json()["errors"][0]["field"] == "roles[0]"
    listed = await client.get(
        "/api/v1/users", params={"org_code": world.code("U3")}, headers=world.admin
    )
    assert name in {u["username"] for u in listed.json()}


async def test_only_admins_write_orgs_and_users(client: httpx.AsyncClient, world: World) -> None:
    body = {"code": _code("UY"), "name": "x", "level": "unit", "parent_code": world.code("D1")}
    for role in ("officer", "chair", "viewer"):
        headers = world.as_("P3", role)
        assert (await client.post("/api/v1/orgs", json=body, headers=headers)).status_code == 403
        user = {
            "username": _code("u").lower(),
            "password": "Matkhau#2026",
            "full_name": "x",
            "org_code": world.code("P3"),
            "roles": ["admin"],
        }
        assert (await client.post("/api/v1/users", json=user, headers=headers)).status_code == 403
