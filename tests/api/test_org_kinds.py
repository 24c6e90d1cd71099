"""Org kinds and deciders from the org tree (contract §11) over HTTP, with a real worker.

A school with legal personality under a provincial department (Sở) decides its own LĐTT and
CSTĐ cơ sở; its Bằng khen tỉnh climbs Sở → province; a ministry's hospital sends BK_TTG to
BNV → TTg; a commune decides its village's "thôn văn hóa". Bad kinds and trees are 422.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.api.conftest import PASSWORD, World, eventually, login

pytestmark = pytest.mark.usefixtures("worker")

TEACHER = [{"kind": "individual", "name": "Trần Thị Bình", "position": "Giáo viên"}]


async def _org(
    http: httpx.AsyncClient, world: World, alias: str, level: str, parent: str | None, **extra: str
) -> dict[str, object]:
    code = f"{alias}-{uuid.uuid4().hex[:6].upper()}"
    body = {"code": code, "name": f"{level} {alias}", "level": level, "parent_code": parent}
    response = await http.post("/api/v1/orgs", json={**body, **extra}, headers=world.admin)
    assert response.status_code == 201, response.text
    world.orgs[alias] = code
    return dict(response.json())


async def _user(http: httpx.AsyncClient, world: World, alias: str, role: str) -> None:
    username = f"{role}.{world.code(alias)}".lower()
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": f"{role} {alias}",
        "org_code": world.code(alias),
        "roles": [role],
    }
    response = await http.post("/api/v1/users", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    world.headers[(alias, role)] = await login(http, username)


async def _submit(
    http: httpx.AsyncClient, world: World, alias: str, award: str, nominees: list[dict[str, str]]
) -> dict[str, object]:
    body = {
        "proposer_org": world.code(alias),
        "award_code": award,
        "summary": "Thành tích năm học 2025-2026",
        "nominees": nominees,
    }
    response = await http.post("/api/v1/dossiers", json=body, headers=world.as_(alias, "officer"))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _decide(
    http: httpx.AsyncClient, world: World, dossier_id: str, alias: str, **extra: object
) -> httpx.Response:
    await eventually(
        http,
        "/api/v1/tasks",
        world.as_(alias, "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )
    return await http.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý", **extra},
        headers=world.as_(alias, "chair"),
    )


@pytest.fixture(scope="module")
async def tree(client: httpx.AsyncClient, world: World) -> World:
    """A Sở under the two-tier province with a school; a ministry with a hospital; a village."""
    so = await _org(client, world, "SO", "department", world.code("P2"))
    assert (so["kind"], so["doc_symbol"]) == (None, "DSO")  # "department SO"
    school = await _org(client, world, "SCH", "unit", world.code("SO"), kind="legal_entity")
    assert (school["kind"], school["doc_symbol"]) == ("legal_entity", "USCH")
    ministry = await _org(client, world, "BO", "ministry", None, doc_symbol="BYT")
    assert ministry["doc_symbol"] == "BYT"
    await _org(client, world, "BV", "unit", world.code("BO"), kind="legal_entity")
    await _org(client, world, "THON", "unit", world.code("C1"))
    for alias in ("SO", "SCH", "BO", "BV", "THON"):
        for role in ("officer", "chair"):
            await _user(client, world, alias, role)
    return world


async def test_school_under_a_department_decides_its_own_titles(
    client: httpx.AsyncClient, tree: World
) -> None:
    for award in ("LDTT", "CSTD_CS"):
        dossier = await _submit(client, tree, "SCH", award, TEACHER)
        assert dossier["route"] == ["unit"]
        assert dossier["stage"]["org_code"] == tree.code("SCH")  # type: ignore[index]
        vote = {"members_total": 9, "present": 8, "in_favor": 8}
        decided = await _decide(client, tree, str(dossier["id"]), "SCH", vote=vote)
        assert decided.status_code == 200, decided.text
        body = decided.json()
        assert body["status"] == "decided"
        assert body["decision"]["authority_org"] == tree.code("SCH")


async def test_school_council_without_quorum_is_422(client: httpx.AsyncClient, tree: World) -> None:
    dossier = await _submit(client, tree, "SCH", "CSTD_CS", TEACHER)
    vote = {"members_total": 9, "present": 5, "in_favor": 9}
    refused = await _decide(client, tree, str(dossier["id"]), "SCH", vote=vote)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "vote.present"


async def test_school_bk_tinh_climbs_department_then_province(
    client: httpx.AsyncClient, tree: World
) -> None:
    dossier = await _submit(client, tree, "SCH", "BK_TINH", TEACHER)
    assert dossier["route"] == ["unit", "department", "province"]
    assert dossier["stage"]["org_code"] == tree.code("SO")  # type: ignore[index]
    forwarded = await _decide(client, tree, str(dossier["id"]), "SO")
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["stage"]["org_code"] == tree.code("P2")
    decided = await _decide(client, tree, str(dossier["id"]), "P2")
    assert decided.json()["decision"]["authority_org"] == tree.code("P2")


async def test_ministry_unit_bk_ttg_route(client: httpx.AsyncClient, tree: World) -> None:
    doctor = [{"kind": "individual", "name": "Lê Văn Cường", "position": "Bác sĩ"}]
    dossier = await _submit(client, tree, "BV", "BK_TTG", doctor)
    assert dossier["route"] == ["unit", "ministry", "central", "government"]
    assert dossier["stage"]["org_code"] == tree.code("BO")  # type: ignore[index]
    bo = await _submit(client, tree, "BV", "BK_BO", doctor)
    assert bo["route"] == ["unit", "ministry"]


async def test_commune_decides_thon_van_hoa(client: httpx.AsyncClient, tree: World) -> None:
    village = [{"kind": "collective", "name": "Thôn Đông"}]
    dossier = await _submit(client, tree, "THON", "THON_VH", village)
    assert dossier["route"] == ["unit", "commune"]
    decided = await _decide(client, tree, str(dossier["id"]), "C1")
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["decision"]["authority_org"] == tree.code("C1")
    assert body["decision"]["bonus"][0]["amount_vnd"] > 0


async def test_a_proposer_the_award_does_not_admit_is_a_vietnamese_422(
    client: httpx.AsyncClient, tree: World
) -> None:
    """A school under a department has no commune above it to decide a village's title: the
    catalogue's proposer rule refuses it first, naming the org and the award."""
    body = {
        "proposer_org": tree.code("SCH"),
        "award_code": "THON_VH",
        "summary": "Thôn văn hóa ba năm liền",
        "nominees": [{"kind": "collective", "name": "Tổ 1"}],
    }
    response = await client.post("/api/v1/dossiers", json=body, headers=tree.as_("SCH", "officer"))
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "proposer_org"
    assert "“unit SCH” không được đề nghị Thôn, tổ dân phố văn hóa" in error["message"]
    assert "chỉ cấp xã" in error["message"]


async def test_kind_rules_are_422_naming_the_field(client: httpx.AsyncClient, tree: World) -> None:
    cases: list[tuple[dict[str, object], str]] = [
        ({"level": "unit", "parent_code": tree.code("SO"), "kind": "hamlet"}, "kind"),
        ({"level": "department", "parent_code": tree.code("P2"), "kind": "legal_entity"}, "kind"),
        ({"level": "department", "parent_code": tree.code("C1")}, "parent_code"),
        ({"level": "unit", "parent_code": tree.code("SO"), "doc_symbol": "QĐ/1"}, "doc_symbol"),
        ({"level": "unit", "parent_code": tree.code("SO"), "doc_symbol": "A\u0000"}, "doc_symbol"),
    ]
    for extra, field in cases:
        body = {"code": f"BAD-{uuid.uuid4().hex[:6]}", "name": "x", **extra}
        response = await client.post("/api/v1/orgs", json=body, headers=tree.admin)
        assert response.status_code == 422, (extra, response.text)
        assert response.json()["errors"][0]["field"] == field
    # a team inside the school (unit under unit) is allowed and inherits its decider
    team = await _org(client, tree, "TO", "unit", tree.code("SCH"))
    assert team["kind"] == "internal"
    got = await client.get(f"/api/v1/orgs/{tree.code('SO')}", headers=tree.admin)
    assert got.json()["level"] == "department"
