"""Hostile input: SQL and HTML injection, oversize bodies, malformed Unicode, the rate limit."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bench.client import PASSWORD
from tests.security.conftest import MAX_BODY, World

SQL = "Robert'); DROP TABLE dossiers;-- ' OR '1'='1"
HTML = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
NAME = f"Nguyễn {SQL} {HTML}"


def _problem(r: httpx.Response, *statuses: int) -> dict[str, Any]:
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == r.status_code
    assert {"type", "title", "detail"} <= set(body)
    return body


def _dossier_body(world: World, name: str = NAME, summary: str = SQL) -> dict[str, Any]:
    _, unit, _ = world.orgs.officer_units[0]
    return {
        "proposer_org": unit,
        "award_code": "GIAY_KHEN",
        "summary": summary,
        "nominees": [{"kind": "individual", "name": name, "position": HTML}],
    }


async def test_injection_is_stored_and_returned_verbatim(world: World) -> None:
    api = world.api
    officer, unit, district = world.orgs.officer_units[0]
    code = f"{unit}X"
    org_name = f"Trường {SQL} {HTML}"
    await api.org(code, org_name, "unit", district.code)
    org = await api.call("GET", f"/api/v1/orgs/{code}", "admin")
    assert org["name"] == org_name

    created = await api.call("POST", "/api/v1/dossiers", officer, json=_dossier_body(world))
    dossier_id = created["id"]
    assert created["summary"] == SQL
    assert created["nominees"][0]["name"] == NAME
    r = await api.request(
        "POST",
        f"/api/v1/dossiers/{dossier_id}/decisions",
        district.chair,
        json={"action": "return", "comment": ""},
    )
    _problem(r, 422)  # a return needs a comment: nothing happened
    comment = f"Trả lại: {SQL} {HTML}"
    r = await api.request(
        "POST",
        f"/api/v1/dossiers/{dossier_id}/decisions",
        district.chair,
        json={"action": "return", "comment": comment},
    )
    assert r.status_code == 200, r.text
    detail = await api.call("GET", f"/api/v1/dossiers/{dossier_id}", officer)
    assert detail["status"] == "returned"
    assert detail["nominees"][0]["name"] == NAME
    assert comment in [h["comment"] for h in detail["history"]]
    # The raw JSON carries the text as data, not markup (only JSON escaping applies).
    assert json.loads(r.text)["history"][-1]["comment"] == comment
    assert r.headers["content-type"].startswith("application/json")

    # Search with SQL/LIKE metacharacters: no error, and a wildcard is a literal character.
    for q in (SQL, "' OR 1=1 --", "\\", "%' OR '1'='1", "%", "%%", "'; SELECT pg_sleep(5); --"):
        r = await api.request("GET", "/api/v1/dossiers", officer, params={"q": q})
        assert r.status_code == 200, (q, r.text[:200])
        expected = [dossier_id] if q == SQL else []
        assert [i["id"] for i in r.json()["items"]] == expected, q
    page = await api.call("GET", "/api/v1/dossiers", officer, params={"q": "drop table dossiers"})
    assert dossier_id in [i["id"] for i in page["items"]]
    stored = world.stack.sql("select summary from dossiers where id = %s", dossier_id)
    assert stored == [(SQL,)]
    assert world.stack.sql("select count(*) from dossiers")[0][0] >= 1


async def test_web_pages_escape_user_text(world: World) -> None:
    api = world.api
    officer, _unit, _district = world.orgs.officer_units[0]
    created = await api.call("POST", "/api/v1/dossiers", officer, json=_dossier_body(world))
    cookies = {"tdkt_session": api.tokens[officer]}
    async with httpx.AsyncClient(base_url=world.stack.base_url, cookies=cookies) as web:
        page = await web.get(f"/ho-so/{created['id']}")
    assert page.status_code == 200, page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<script>alert("xss")</script>' not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(" in html


@pytest.mark.parametrize(
    "path", ["/api/v1/dossiers", "/api/v1/public/postings/HS-2026-00000000/objections"]
)
async def test_oversize_body_is_refused(world: World, path: str) -> None:
    officer = world.orgs.officer_units[0][0]
    big = _dossier_body(world, summary="x" * (MAX_BODY + 1))
    r = await world.api.request("POST", path, officer, json=big)
    _problem(r, 413)


async def test_oversize_chunked_body_is_refused(world: World) -> None:
    """Without Content-Length (chunked upload) the limit must hold too."""
    officer = world.orgs.officer_units[0][0]
    # A valid dossier padded with JSON whitespace: only its size is wrong.
    payload = json.dumps(_dossier_body(world)).encode() + b" " * (4 * MAX_BODY)

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(payload), 8192):
            yield payload[i : i + 8192]

    async with httpx.AsyncClient(base_url=world.stack.base_url) as client:
        r = await client.post(
            "/api/v1/dossiers",
            content=chunks(),
            headers={
                "Authorization": f"Bearer {world.api.tokens[officer]}",
                "Content-Type": "application/json",
            },
        )
    _problem(r, 413)


async def test_text_is_normalised_to_nfc(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    created = await world.api.call(
        "POST", "/api/v1/dossiers", officer, json=_dossier_body(world, name=decomposed)
    )
    assert created["nominees"][0]["name"] == "Nguyễn Thị Ánh Tuyết"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"proposer_org": "X", "summary": "\xff\xfe\xfd", "nominees": []}',
        b'{"summary": "\xc3\x28"}',
        b'{"summary": "\xed\xa0\x80"}',  # an encoded surrogate: not UTF-8
        b'{"summary": "\\ud800", "nominees": [{"kind": "individual", "name": "\\udfff"}]}',
        b"\xef\xbb\xbf{broken json",
        b'{"summary": "a\x00b"}',
    ],
)
async def test_malformed_unicode_is_a_client_error(world: World, raw: bytes) -> None:
    officer = world.orgs.officer_units[0][0]
    r = await world.api.http.post(
        "/api/v1/dossiers",
        content=raw,
        headers={
            "Authorization": f"Bearer {world.api.tokens[officer]}",
            "Content-Type": "application/json",
        },
    )
    _problem(r, 400, 422)


async def test_lone_surrogate_in_a_name_is_refused_and_nothing_is_created(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    before = world.stack.sql("select count(*) from dossiers")[0][0]
    body = json.dumps(_dossier_body(world, name="Lê \ud800 Văn"), ensure_ascii=True)
    r = await world.api.http.post(
        "/api/v1/dossiers",
        content=body.encode(),
        headers={
            "Authorization": f"Bearer {world.api.tokens[officer]}",
            "Content-Type": "application/json",
        },
    )
    _problem(r, 400, 422)
    assert world.stack.sql("select count(*) from dossiers")[0][0] == before


async def test_login_with_injection_is_just_a_wrong_password(world: World) -> None:
    for username in ("admin' --", "admin' OR '1'='1", "' UNION SELECT * FROM users --"):
        r = await world.api.http.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        _problem(r, 401)
