"""Classes of input the API refused wrongly or not at all: a task page larger than the cap
(422 naming ``limit`` and the maximum; the dossier list serves a larger ``page_size`` at the
cap and says so in its answer), a list filter naming an org or
award nobody has, an org code nobody has where the caller sends one (422 "no such org"; a real
org out of reach stays 403), choices listed by their names, holidays named in the reader's
language, and a command that takes no body refusing the fields sent to it. Each refusal changes
nothing (the state is read again)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import World, submit

EN = {"Accept-Language": "en"}


async def _dossiers(client: httpx.AsyncClient, world: World, alias: str = "U1") -> Any:
    params = {"org_code": world.code(alias)}
    found = await client.get("/api/v1/dossiers", params=params, headers=world.as_(alias, "officer"))
    assert found.status_code == 200, found.text
    return found.json()


def _error(answer: httpx.Response, status: int, field: str) -> str:
    assert answer.status_code == status, answer.text
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    return str(errors[0]["message"])


async def test_a_page_above_the_cap_is_refused_or_served_at_the_cap(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    before = await _dossiers(client, world)
    over = await client.get("/api/v1/tasks", params={"limit": 101}, headers=headers)
    assert "100" in _error(over, 422, "limit")
    english = await client.get("/api/v1/tasks", params={"limit": 101}, headers=headers | EN)
    assert "100" in _error(english, 422, "limit")
    # the dossier list serves the cap and its answer says the page_size it served, so a client
    # paging by the answer's page_size skips nothing
    served = await client.get("/api/v1/dossiers", params={"page_size": 500}, headers=headers)
    assert served.status_code == 200, served.text
    assert served.json()["page_size"] == 100
    for path in ("/api/v1/dossiers", "/api/v1/tasks"):
        for page in ("0", "100001", "x"):
            got = await client.get(path, params={"page": page}, headers=headers)
            assert got.status_code == 422, (path, page)
    assert await _dossiers(client, world) == before


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("org_code", "KHONG-CO-{tag}", "Không có đơn vị mã"), ("award_code", "KHONG_CO", "Không có")],
)
async def test_a_list_filter_naming_nothing_that_exists_is_refused(
    client: httpx.AsyncClient, world: World, field: str, value: str, words: str
) -> None:
    headers = world.as_("D1", "chair")
    sent = {field: value.format(tag=world.tag)}
    message = _error(await client.get("/api/v1/dossiers", params=sent, headers=headers), 422, field)
    assert words in message
    outside = {"org_code": world.code("U3")}  # a real org out of reach: it finds nothing
    found = await client.get("/api/v1/dossiers", params=outside, headers=headers)
    assert found.status_code == 200, found.text
    assert found.json()["items"] == []


async def test_a_dossier_for_no_org_is_invalid_not_forbidden(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await _dossiers(client, world)
    body = {
        "proposer_org": f"KHONG-{world.tag}",
        "award_code": "GIAY_KHEN",
        "summary": "Đơn vị không tồn tại",
        "nominees": [{"kind": "individual", "name": "Nguyễn Văn An"}],
    }
    headers = world.as_("U1", "officer")
    unknown = await client.post("/api/v1/dossiers", json=body, headers=headers)
    message = _error(unknown, 422, "proposer_org")
    assert message == f"Đơn vị đề nghị: Không có đơn vị mã 'KHONG-{world.tag}'"
    english = await client.post("/api/v1/dossiers", json=body, headers=headers | EN)
    assert _error(english, 422, "proposer_org").startswith("Proposer")
    other = await submit(client, world, proposer="U2", headers=headers)
    _error(other, 403, "proposer_org")  # a real org, not the officer's: no permission
    assert await _dossiers(client, world) == before


async def test_an_org_kind_refusal_lists_the_kinds_by_name(
    client: httpx.AsyncClient, world: World
) -> None:
    params = {"parent_code": world.code("D1")}
    before = (await client.get("/api/v1/orgs", params=params, headers=world.admin)).json()
    body = {
        "code": f"K-{world.tag}",
        "name": "Trường thử loại",
        "level": "unit",
        "parent_code": world.code("D1"),
        "kind": "company",
    }
    vi = _error(await client.post("/api/v1/orgs", json=body, headers=world.admin), 422, "kind")
    assert "'legal_entity' (có tư cách pháp nhân)" in vi
    assert "'enterprise' (doanh nghiệp, hợp tác xã)" in vi
    en = await client.post("/api/v1/orgs", json=body, headers=world.admin | EN)
    assert "'legal_entity' (legal entity)" in _error(en, 422, "kind")
    after = (await client.get("/api/v1/orgs", params=params, headers=world.admin)).json()
    assert after == before


async def test_a_rating_refusal_lists_the_ratings_by_name(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await _dossiers(client, world)
    nominee: dict[str, object] = {
        "kind": "individual",
        "name": "Nguyễn Văn An",
        "history": [{"year": 2024, "rating": "XUAT_SAC"}],
    }
    answer = await submit(client, world, nominees=[nominee])
    message = _error(answer, 422, "nominees[0].history[0].rating")
    assert "'HTXS' (hoàn thành xuất sắc nhiệm vụ)" in message
    assert await _dossiers(client, world) == before


async def test_holidays_are_named_in_the_readers_language(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "viewer")
    params = {"year": 2026}
    vi = (await client.get("/api/v1/calendar/holidays", params=params, headers=headers)).json()
    en = (await client.get("/api/v1/calendar/holidays", params=params, headers=headers | EN)).json()
    assert [h["date"] for h in vi] == [h["date"] for h in en]
    named = {h["date"]: h["name"] for h in en}
    assert named["2026-09-02"] == "National Day"
    assert named["2026-02-17"] == "Lunar New Year (Tết)"
    assert named["2026-04-27"] == "Hung Kings' Commemoration Day (day off in lieu)"
    assert named["2026-08-31"] == "Day off (in exchange for working on 22/08/2026)"
    assert {h["date"]: h["name"] for h in vi}["2026-09-02"] == "Quốc khánh"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/v1/digest/schedule"),
        ("POST", "/api/v1/digest/run"),
        ("POST", "/api/v1/outbox/retry-dead"),
        ("POST", "/api/v1/users/admin/unlock"),
    ],
)
async def test_a_command_without_a_body_refuses_the_fields_sent_to_it(
    client: httpx.AsyncClient, world: World, method: str, path: str
) -> None:
    audit = {"limit": 500}
    before = (await client.get("/api/v1/audit", params=audit, headers=world.admin)).json()
    sent = {"cron": "0 6 * * *"}
    answer = await client.request(method, path, json=sent, headers=world.admin)
    assert "cron" in _error(answer, 422, "cron")
    after = (await client.get("/api/v1/audit", params=audit, headers=world.admin)).json()
    assert after == before
