"""Who and what a nomination may name, over HTTP with a real worker: an initiative backs one
title (CV 5007; contract §12), a person is nominated once per dossier, and the catalogue says
which orgs may propose the commune's own titles (ND152 Art.8; Law Art.20.2, 80.2-3). Every
refusal is a Vietnamese 422 naming the field and changes nothing (the state is read again).
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx
import pytest

from tests.api.conftest import PASSWORD, World, eventually, login
from tests.registry.workbook import cccd

pytestmark = pytest.mark.usefixtures("worker")
_serial = itertools.count(1)
VOTE = {"members_total": 9, "present": 8, "in_favor": 8}


def hung() -> dict[str, Any]:
    """Lê Văn Hùng, born 1980-03-01, with a CCCD of his own per test."""
    number = cccd(700_000 + next(_serial) + uuid.uuid4().int % 90_000, 1980)
    return {"name": "Lê Văn Hùng", "birth_date": "1980-03-01", "identity_number": number}


async def _initiative(client: httpx.AsyncClient, world: World, who: dict[str, Any]) -> int:
    body = {"person": who, "org_code": world.code("U3"), "title": "Sổ tay tiếp dân điện tử",
            "scope": "unit", "recognised_on": "2026-06-01"}  # fmt: skip
    response = await client.post("/api/v1/registry/initiatives", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _used_for(client: httpx.AsyncClient, world: World, who: dict[str, Any]) -> Any:
    page = await client.get(
        "/api/v1/registry/initiatives", params={"q": who["identity_number"]}, headers=world.admin
    )
    (item,) = page.json()["items"]
    return item["used_for"]


async def _create(
    client: httpx.AsyncClient, world: World, award: str, nominees: list[dict[str, Any]],
    alias: str = "U3", **extra: Any,
) -> httpx.Response:  # fmt: skip
    body = {"proposer_org": world.code(alias), "award_code": award, "year": 2026,
            "summary": "Thành tích năm 2026", "nominees": nominees, **extra}  # fmt: skip
    return await client.post("/api/v1/dossiers", json=body, headers=world.as_(alias, "officer"))


async def _total(client: httpx.AsyncClient, world: World, alias: str = "U3") -> int:
    listed = await client.get("/api/v1/dossiers", headers=world.as_(alias, "officer"))
    return int(listed.json()["total"])


def _refused(response: httpx.Response, field: str, *words: str) -> None:
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["field"] == field
    for word in words:
        assert word in error["message"], error["message"]


async def _decide(
    client: httpx.AsyncClient, world: World, dossier_id: str, **body: Any
) -> httpx.Response:
    chair = world.as_("C1", "chair")
    await eventually(
        client, "/api/v1/tasks", chair, lambda b: dossier_id in {t["id"] for t in b["items"]}
    )
    return await client.post(f"/api/v1/dossiers/{dossier_id}/decisions", json=body, headers=chair)


def _cites(who: dict[str, Any], initiative: int) -> dict[str, Any]:
    return {"kind": "individual", **who, "initiative_ids": [initiative]}


async def test_an_initiative_backs_one_live_nomination(
    client: httpx.AsyncClient, world: World
) -> None:
    who = hung()
    initiative = await _initiative(client, world, who)
    first = await _create(client, world, "CSTD_CS", [_cites(who, initiative)])
    assert first.status_code == 201, first.text
    held = {"award_code": "CSTD_CS", "year": 2026, "dossier_id": first.json()["id"]}
    assert await _used_for(client, world, who) == held
    before = await _total(client, world)
    for award in ("LDTT", "CSTD_CS"):  # another title, and the same title a second time
        again = await _create(client, world, award, [_cites(who, initiative)])
        _refused(again, "nominees[0].initiative_ids[0]", "Chiến sĩ thi đua cơ sở",
                 first.json()["id"], "chỉ làm căn cứ cho một danh hiệu")  # fmt: skip
    draft = await _create(client, world, "CSTD_CS", [_cites(who, initiative)], draft=True)
    _refused(draft, "nominees[0].initiative_ids[0]", first.json()["id"])
    assert await _total(client, world) == before
    assert await _used_for(client, world, who) == held  # the link to the first stays


async def test_a_draft_and_a_resubmission_cannot_take_a_held_initiative(
    client: httpx.AsyncClient, world: World
) -> None:
    who = hung()
    initiative = await _initiative(client, world, who)
    draft = await _create(client, world, "CSTD_CS", [_cites(who, initiative)], draft=True)
    assert draft.status_code == 201, draft.text
    assert await _used_for(client, world, who) is None  # a draft claims nothing
    plain = await _create(client, world, "CSTD_CS", [{"kind": "individual", **hung()}])
    assert plain.status_code == 201, plain.text
    taken = await _create(client, world, "CSTD_CS", [_cites(who, initiative)])
    assert taken.status_code == 201, taken.text
    holder = taken.json()["id"]
    officer = world.as_("U3", "officer")
    submitted = await client.post(
        f"/api/v1/dossiers/{draft.json()['id']}/submit", json={}, headers=officer
    )
    _refused(submitted, "nominees[0].initiative_ids[0]", holder)
    still = await client.get(f"/api/v1/dossiers/{draft.json()['id']}", headers=officer)
    assert still.json()["status"] == "draft"
    returned = await _decide(client, world, plain.json()["id"], action="return", comment="Bổ sung")
    assert returned.status_code == 200, returned.text
    body = {"comment": "Đã bổ sung", "nominees": [_cites(who, initiative)]}
    url = f"/api/v1/dossiers/{plain.json()['id']}/resubmit"
    _refused(await client.post(url, json=body, headers=officer), "nominees[0].initiative_ids[0]")
    after = await client.get(f"/api/v1/dossiers/{plain.json()['id']}", headers=officer)
    assert (after.json()["status"], after.json()["round"]) == ("returned", 2)
    assert await _used_for(client, world, who) == {
        "award_code": "CSTD_CS", "year": 2026, "dossier_id": holder
    }  # fmt: skip


async def test_an_initiative_is_free_again_when_its_nomination_ends(
    client: httpx.AsyncClient, world: World
) -> None:
    who = hung()
    initiative = await _initiative(client, world, who)
    officer = world.as_("U3", "officer")
    withdrawn = await _create(client, world, "CSTD_CS", [_cites(who, initiative)])
    url = f"/api/v1/dossiers/{withdrawn.json()['id']}/withdraw"
    answer = await client.post(url, json={"comment": "Rút hồ sơ"}, headers=officer)
    assert answer.status_code == 200, answer.text
    assert await _used_for(client, world, who) is None
    rejected = await _create(client, world, "LDTT", [_cites(who, initiative)])
    assert rejected.status_code == 201, rejected.text
    answer = await _decide(client, world, rejected.json()["id"], action="reject", comment="Không")
    assert answer.status_code == 200, answer.text
    assert await _used_for(client, world, who) is None
    other = {"kind": "individual", **hung()}
    dropped = await _create(client, world, "CSTD_CS", [_cites(who, initiative), other])
    assert dropped.status_code == 201, dropped.text
    keep = dropped.json()["nominees"][1]["id"]
    answer = await _decide(client, world, dropped.json()["id"], action="approve",
                           comment="Đồng ý", nominee_ids=[keep], vote=VOTE)  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "decided"
    assert await _used_for(client, world, who) is None
    final = await _create(client, world, "CSTD_CS", [_cites(who, initiative)])
    assert final.status_code == 201, final.text
    assert (await _used_for(client, world, who))["dossier_id"] == final.json()["id"]


async def test_a_person_is_nominated_once_per_dossier(
    client: httpx.AsyncClient, world: World
) -> None:
    who, other = hung(), hung()
    same_number = {**who, "name": "Lê Văn Hưng"}  # a typo in the name, the same CCCD
    same_name = {"name": "  LÊ  văn hùng ", "birth_date": "1980-03-01"}
    cases = [
        ([who, other, same_number], "nominees[2].identity_number", "Lê Văn Hưng"),
        ([{"name": who["name"], "birth_date": "1980-03-01"}, same_name], "nominees[1].name",
         "văn hùng"),
        ([{"name": "Thôn Đông"}, {"name": "thôn đông"}], "nominees[1].name", "thôn đông"),
    ]  # fmt: skip
    before = await _total(client, world)
    for people, field, name in cases:
        kind = "collective" if "Thôn" in people[0]["name"] else "individual"
        award = "GIAY_KHEN"
        nominees = [{"kind": kind, **p} for p in people]
        _refused(await _create(client, world, award, nominees), field, name, "thứ 1")
    assert await _total(client, world) == before
    namesakes = [{"kind": "individual", "name": who["name"], "birth_date": d}
                 for d in ("1980-03-01", "1991-11-20")]  # fmt: skip
    created = await _create(client, world, "GIAY_KHEN", namesakes)
    assert created.status_code == 201, created.text  # two people of one name
    returned = await _decide(client, world, created.json()["id"], action="return", comment="Sửa")
    assert returned.status_code == 200, returned.text
    twice = {"comment": "Sửa", "nominees": [namesakes[0], namesakes[1], namesakes[0]]}
    url = f"/api/v1/dossiers/{created.json()['id']}/resubmit"
    officer = world.as_("U3", "officer")
    _refused(await client.post(url, json=twice, headers=officer), "nominees[2].name")
    after = await client.get(f"/api/v1/dossiers/{created.json()['id']}", headers=officer)
    assert after.json()["status"] == "returned"
    assert len(after.json()["nominees"]) == 2


async def _org(
    client: httpx.AsyncClient, world: World, alias: str, level: str, parent: str, **extra: str
) -> None:
    code = f"{alias}-{uuid.uuid4().hex[:6].upper()}"
    body = {"code": code, "name": f"Đơn vị {alias} thử", "level": level, "parent_code": parent}
    response = await client.post("/api/v1/orgs", json={**body, **extra}, headers=world.admin)
    assert response.status_code == 201, response.text
    world.orgs[alias] = code
    username = f"officer.{code}".lower()
    user = {"username": username, "password": PASSWORD, "full_name": f"Cán bộ {alias}",
            "org_code": code, "roles": ["officer"]}  # fmt: skip
    response = await client.post("/api/v1/users", json=user, headers=world.admin)
    assert response.status_code == 201, response.text
    world.headers[(alias, "officer")] = await login(client, username)


@pytest.fixture(scope="module")
async def places(client: httpx.AsyncClient, world: World) -> World:
    """Under commune C1: a school, a cooperative and a village; under province P2: a Sở."""
    commune, province = world.code("C1"), world.code("P2")
    await _org(client, world, "TRUONG", "unit", commune, kind="legal_entity")
    await _org(client, world, "HTX", "unit", commune, kind="enterprise")
    await _org(client, world, "THONX", "unit", commune)
    await _org(client, world, "SOX", "department", province)
    return world


COMMUNE_TITLES = {
    "XA_TIEU_BIEU": ({"kind": "collective", "name": "Xã C1"}, "Xã, phường, đặc khu tiêu biểu"),
    "THON_VH": ({"kind": "collective", "name": "Thôn Đoài"}, "Thôn, tổ dân phố văn hóa"),
    "GDVH": ({"kind": "household", "name": "Hộ ông Lê Văn Hùng"}, "Gia đình văn hóa"),
}


@pytest.mark.parametrize(
    ("award", "refused", "allowed"),
    [
        ("XA_TIEU_BIEU", ("TRUONG", "HTX", "SOX", "P2", "U3", "THONX"), ("C1",)),
        ("THON_VH", ("TRUONG", "HTX"), ("C1", "THONX", "U1")),
        ("GDVH", ("TRUONG", "HTX", "SOX", "P2"), ("C1", "THONX")),
    ],
)
async def test_only_the_commune_proposes_its_own_titles(
    client: httpx.AsyncClient, places: World, award: str, refused: tuple[str, ...],
    allowed: tuple[str, ...],
) -> None:  # fmt: skip
    nominee, name = COMMUNE_TITLES[award]
    for alias in refused:
        before = await _total(client, places, alias)
        for draft in (False, True):
            answer = await _create(client, places, award, [nominee], alias, draft=draft)
            _refused(answer, "proposer_org", name, "không được đề nghị", "cấp xã")
            assert places.code(alias) not in answer.json()["errors"][0]["message"]
        assert await _total(client, places, alias) == before
    for alias in allowed:
        created = await _create(client, places, award, [nominee], alias)
        assert created.status_code == 201, created.text


async def test_the_proposer_refusal_in_english(client: httpx.AsyncClient, places: World) -> None:
    body = {"proposer_org": places.code("TRUONG"), "award_code": "XA_TIEU_BIEU",
            "summary": "x", "nominees": [COMMUNE_TITLES["XA_TIEU_BIEU"][0]]}  # fmt: skip
    headers = {**places.as_("TRUONG", "officer"), "Accept-Language": "en"}
    answer = await client.post("/api/v1/dossiers", json=body, headers=headers)
    words = ("Đơn vị TRUONG thử", "may not propose Model Commune", "commune")
    _refused(answer, "proposer_org", *words)


async def test_the_catalogue_lists_who_may_propose(client: httpx.AsyncClient, world: World) -> None:
    awards = (await client.get("/api/v1/awards", headers=world.admin)).json()
    by_code = {a["code"]: a for a in awards}
    assert by_code["XA_TIEU_BIEU"]["proposers"] == ["commune", "district"]
    assert "internal/commune" in by_code["GDVH"]["proposers"]
    assert by_code["CSTD_CS"]["proposers"] == []
