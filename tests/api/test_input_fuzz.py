"""Classes of input a long fuzzing run found answered wrongly: a JSON integer too long to read
(500), a date or date-time sent as a number (read as Unix seconds: `0` was 1 January 1970), a
web form refused before the app ran (problem+json instead of the page), a planted flash cookie
nested too deep (500 on every page), a 405 naming only some of the path's methods, and an
OpenAPI document whose errors were `application/json` or missing. Each refusal is a Vietnamese
4xx naming the field and changes nothing."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import World

pytestmark = pytest.mark.usefixtures("worker")
PROBLEM = "application/problem+json"
HUGE = "9" * 5000  # over the interpreter's 4300-digit limit for int()


def _refused(r: httpx.Response, status: int, field: str) -> str:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith(PROBLEM)
    errors = r.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    message: str = errors[0]["message"]
    assert "Input should" not in message, message
    return message


async def _dossier_total(client: httpx.AsyncClient, world: World) -> int:
    listed = await client.get("/api/v1/dossiers", headers=world.as_("U1", "officer"))
    total: int = listed.json()["total"]
    return total


def _dossier(world: World, **nominee: Any) -> dict[str, Any]:
    return {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Thành tích xuất sắc năm 2026",
        "nominees": [{"kind": "individual", "name": "Nguyễn Văn An", **nominee}],
    }


async def test_a_json_integer_too_long_to_read_is_named(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await _dossier_total(client, world)
    officer = world.as_("U1", "officer") | {"Content-Type": "application/json"}
    body = '{"proposer_org": "%s", "award_code": "GIAY_KHEN", "year": %s, "nominees": []}'
    r = await client.post(
        "/api/v1/dossiers", content=body % (world.code("U1"), HUGE), headers=officer
    )
    assert _refused(r, 422, "year") == "Năm: số quá lớn"
    nested = '{"nominees": [{"kind": "individual", "name": "A", "rating": -' + HUGE + "}]}"
    r = await client.post("/api/v1/dossiers", content=nested, headers=officer)
    assert "số quá lớn" in _refused(r, 422, "nominees[0].rating")
    # an anonymous route reads the body the same way
    public = "/api/v1/public/postings/HS-2026-00000000/objections"
    r = await client.post(public, content='{"content": ' + HUGE + "}", headers=officer)
    _refused(r, 422, "content")
    english = await client.post(
        "/api/v1/dossiers",
        content=body % (world.code("U1"), HUGE),
        headers=officer | {"Accept-Language": "en"},
    )
    assert _refused(english, 422, "year") == "Year: the number is too large"
    assert await _dossier_total(client, world) == before


@pytest.mark.parametrize("number", ["0", "86400", "1700000000", "0.5", "1e3", " 12 "])
async def test_a_date_in_a_query_or_a_path_is_never_a_number(
    client: httpx.AsyncClient, world: World, number: str
) -> None:
    officer = world.as_("U1", "officer")
    params = {"start": number, "days": "5"}
    r = await client.get("/api/v1/calendar/working-days", params=params, headers=officer)
    assert "phải là một ngày (YYYY-MM-DD)" in _refused(r, 422, "start")
    r = await client.get("/api/v1/audit", params={"since": number}, headers=world.admin)
    assert "phải là ngày giờ hợp lệ (ISO 8601)" in _refused(r, 422, "since")
    bonus = {"award_code": "GIAY_KHEN", "subject": "individual", "decision_date": number}
    _refused(await client.get("/api/v1/bonus", params=bonus, headers=officer), 422, "decision_date")
    day = f"/api/v1/calendar/overrides/{number.strip()}"
    set_ = await client.put(day, json={"working": True, "note": "thử"}, headers=world.admin)
    _refused(set_, 422, "day")
    _refused(await client.delete(day, headers=world.admin), 422, "day")
    for epoch_day in ("1970-01-01", "1970-01-02"):  # what "0" and "86400" were read as
        gone = await client.delete(f"/api/v1/calendar/overrides/{epoch_day}", headers=world.admin)
        assert gone.status_code == 404, gone.text


@pytest.mark.parametrize("number", [0, 86400, "0", "86400", 1.5, True])
async def test_a_date_in_a_body_is_never_a_number(
    client: httpx.AsyncClient, world: World, number: object
) -> None:
    before = await _dossier_total(client, world)
    officer = world.as_("U1", "officer")
    created = await client.post(
        "/api/v1/dossiers", json=_dossier(world, birth_date=number), headers=officer
    )
    assert "phải là một ngày (YYYY-MM-DD)" in _refused(created, 422, "nominees[0].birth_date")
    check = {
        "award_code": "CSTD_CS",
        "year": 2025,
        "subject": "individual",
        "history": [
            {"year": 2025, "rating": "HTXS", "titles": ["LDTT"], "initiative_scope": "unit"}
        ],
        "on": number,
    }
    _refused(await client.post("/api/v1/eligibility", json=check, headers=officer), 422, "on")
    assert await _dossier_total(client, world) == before
    # the same dates written as ISO-8601 are taken
    accepted = await client.post(
        "/api/v1/eligibility", json=check | {"on": "2025-06-15"}, headers=officer
    )
    assert accepted.status_code == 200, accepted.text


def _web(world: World) -> dict[str, str]:
    token = world.admin["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"tdkt_session={token}", "Accept": "text/html"}


async def _overrides(client: httpx.AsyncClient, world: World) -> Any:
    return (await client.get("/api/v1/calendar/overrides", headers=world.admin)).json()


async def test_a_web_form_refused_before_the_app_runs_gets_the_page(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await _overrides(client, world)
    page = _web(world)
    # no Content-Type: a form's fields, not JSON (the page is never JSON's syntax error)
    r = await client.post("/quan-tri/lich", content=b"day=2031-01-02&working=1", headers=page)
    assert 400 <= r.status_code < 500
    assert r.headers["content-type"].startswith("text/html")
    assert "JSON" not in r.text
    no_boundary = page | {"Content-Type": "multipart/form-data"}
    r = await client.post("/quan-tri/lich", content=b"x", headers=no_boundary)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert "boundary" in r.text
    assert "<html" in r.text
    form = page | {"Content-Type": "application/x-www-form-urlencoded"}
    r = await client.post("/quan-tri/lich", content=b"note=" + b"x" * 70_000, headers=form)
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "vượt quá 64.000 byte" in r.text or "vượt quá 64000 byte" in r.text
    # the API still answers problem+json to the same faults
    api = world.admin | {"Content-Type": "multipart/form-data"}
    r = await client.post("/api/v1/orgs", content=b"x", headers=api)
    assert r.status_code == 400
    assert r.headers["content-type"] == PROBLEM
    assert await _overrides(client, world) == before


async def test_a_planted_flash_cookie_nested_too_deep_is_ignored(
    client: httpx.AsyncClient,
) -> None:
    planted = base64.urlsafe_b64encode(b"[" * 2500).decode()
    r = await client.get("/login", headers={"Cookie": f"tdkt_flash={planted}"})
    assert r.status_code == 200
    assert "Đăng nhập" in r.text


async def test_a_405_names_every_method_of_the_path(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.delete("/api/v1/orgs", headers=world.admin)
    assert r.status_code == 405
    assert r.headers["content-type"] == PROBLEM
    assert r.headers["allow"] == "GET, HEAD, POST"
    r = await client.request(
        "OPTIONS", "/api/v1/calendar/overrides/2031-01-02", headers=world.admin
    )
    assert r.headers["allow"] == "DELETE, PUT"
    r = await client.put("/quan-tri/lich", headers=_web(world))
    assert r.status_code == 405
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["allow"] == "GET, HEAD, POST"


def test_the_openapi_document_says_what_the_api_answers(app: FastAPI) -> None:
    document = app.openapi()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert "422" in responses, (method, path)  # every parameter is checked as text
            if "requestBody" in operation:
                assert {"400", "413", "415"} <= set(responses), (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    content = response["content"]
                    assert list(content) == [PROBLEM], (method, path, status)
                    assert "$ref" in content[PROBLEM]["schema"], (method, path, status)
    put = document["paths"]["/api/v1/orgs/{code}/signing-certificate"]["put"]
    assert "multipart/form-data" in put["requestBody"]["content"]
    keys = [
        p["schema"]
        for p in document["paths"]["/api/v1/dossiers"]["post"]["parameters"]
        if p["name"] == "Idempotency-Key"
    ]
    assert keys[0]["minLength"] == 1
    for model in ("PersonIn", "NomineeIn"):  # a CCCD is twelve digits, as its refusal says
        identity = document["components"]["schemas"][model]["properties"]["identity_number"]
        assert identity["pattern"] == "^[0-9]{12}$"
