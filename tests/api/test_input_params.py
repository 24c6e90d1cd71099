"""Path and query parameters of EVERY route (API and web) refuse characters that are not text
with 422 naming the parameter by its label (api.params); web routes answer with the error
page in HTML. Walked over the app's own route table, so a new route is covered the day it
is added."""

from __future__ import annotations

import re
import urllib.parse

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from api.validation_text import field_label
from core import i18n
from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")
PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")
BAD = ("\x00", "a\x01b", "\x7f")


def _query_names(dependant: Dependant, *, more: bool = False) -> list[str]:
    params = dependant.query_params
    if more:  # path and header parameters too
        params = params + dependant.path_params + dependant.header_params
    names = [p.alias for p in params]
    for sub in dependant.dependencies:
        names += [n for n in _query_names(sub, more=more) if n not in names]
    return names


def test_every_parameter_has_a_label(app: FastAPI) -> None:
    """Refusals name parameters by label: every path, query and header parameter has one."""
    names = set()
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            names.update(_query_names(context.original_route.dependant, more=True))
    assert len(names) > 30
    assert sorted(n for n in names if not i18n.has(f"field.{n}")) == []


def _routes(app: FastAPI) -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, path parameters, query parameters) of every route."""
    found = []
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path
        if not isinstance(route, APIRoute) or path is None:
            continue
        query = _query_names(route.dependant)
        for method in sorted(route.methods or ()):
            found.append((method, path, PARAM.findall(path), query))
    return found


def _url(path: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        return urllib.parse.quote(values.get(match.group(1), "x"), safe="")

    return PARAM.sub(fill, path)


def _signed_in(http: httpx.AsyncClient, world: World) -> dict[str, str]:
    token = world.admin["Authorization"].removeprefix("Bearer ")
    return world.admin | {"Cookie": f"tdkt_session={token}"}


def _named(r: httpx.Response, field: str, what: str) -> None:
    protected = what.split()[-1].startswith("/api/v1/") and "/public/" not in what
    if protected and r.status_code == 403:
        return  # a role the admin lacks: refused before any validation, nothing done
    assert r.status_code == 422, (what, r.status_code, r.text[:300])
    if r.headers["content-type"].startswith("text/html"):
        assert "ký tự điều khiển" in r.text, what
        return
    errors = [e for e in r.json()["errors"] if e["field"] == field]
    assert errors, (what, r.json()["errors"])
    # A protected route authorizes first: then the parameter's own type refuses it (text rule,
    # pattern or format), named by its label all the same.
    assert errors[0]["message"].startswith(field_label(field) + ": "), what


async def test_every_path_parameter_refuses_control_characters(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    headers = _signed_in(client, world)
    checked = 0
    for method, path, params, _query in _routes(app):
        for name in params:
            for bad in BAD[:2]:
                url = _url(path, {name: bad})
                r = await client.request(method, url, headers=headers)
                _named(r, name, f"{method} {url}")
                checked += 1
    assert checked > 100


async def test_every_query_parameter_refuses_control_characters(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    headers = _signed_in(client, world)
    checked = 0
    for method, path, _params, query in _routes(app):
        if method != "GET":
            continue
        for name in query:
            url = _url(path, {})
            r = await client.get(url, params={name: "a\x01b"}, headers=headers)
            _named(r, name, f"GET {url}?{name}")
            checked += 1
    assert checked > 40


async def test_every_single_valued_query_parameter_sent_twice_is_refused(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    """``?days=1&days=2`` is a 422 naming ``days`` (as a repeated JSON key is), never read as
    its last value; on every GET route, API and web, in Vietnamese and in English."""
    headers = _signed_in(client, world)
    checked = 0
    for method, path, _params, query in _routes(app):
        if method != "GET":
            continue
        for name in query:
            url = _url(path, {})
            r = await client.get(url, params=[(name, "1"), (name, "2")], headers=headers)
            what = f"GET {url}?{name}"
            protected = url.startswith("/api/v1/") and "/public/" not in url
            if protected and r.status_code == 403:
                continue  # a role the admin lacks: refused before any validation
            assert r.status_code == 422, (what, r.status_code, r.text[:300])
            if r.headers["content-type"].startswith("text/html"):
                assert "chỉ gửi một lần" in r.text, what
            else:
                (error,) = [e for e in r.json()["errors"] if e["field"] == name]
                label = field_label(name)
                assert error["message"] == f"{label}: tham số này xuất hiện nhiều lần trong " + (
                    "địa chỉ; chỉ gửi một lần"
                ), what
            checked += 1
    assert checked > 40
    english = await client.get(
        "/api/v1/calendar/working-days",
        params=[("start", "2026-12-07"), ("days", "1"), ("days", "2")],
        headers=world.admin | {"Accept-Language": "en"},
    )
    assert english.status_code == 422, english.text
    assert english.json()["errors"] == [
        {
            "field": "days",
            "code": "text_invalid",
            "message": "Days: this parameter appears more than once in the address; send it once",
        }
    ]


async def test_a_repeated_query_parameter_answers_anonymous_callers_401_first(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("/api/v1/dossiers", params=[("page", "1"), ("page", "2")])
    assert r.status_code == 401, r.text


async def test_an_undeclared_query_parameter_is_checked_too(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.get("/api/v1/public/postings", params={"foo": "\x00"})
    _named(r, "foo", "undeclared")
    assert r.json()["errors"][0]["message"].startswith("Trường “foo”: ")


async def test_the_dossier_list_names_org_code_by_its_label(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.get(
        "/api/v1/dossiers", params={"org_code": "a\x01b"}, headers=world.as_("U1", "officer")
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {
            "field": "org_code",
            "code": "text_invalid",
            "message": "Đơn vị: có ký tự điều khiển U+0001 không được phép",
        }
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/ho-so/%00",
        "/ho-so/%00/bang-khen/x.pdf",
        "/ho-so/%00/danh-sach.xlsx",
        "/ho-so/%00/van-ban/to-trinh.pdf",
        "/ho-so/%00/van-ban/quyet-dinh-da-ky.pdf",
        "/thong-ke?org_code=%00",
        "/cong-khai?q=%00",
        "/dot-xet/han-gui?owner_org=%00",
        "/thong-bao?up_to=%00",
    ],
)
async def test_web_pages_answer_a_vietnamese_error_page(
    client: httpx.AsyncClient, world: World, url: str
) -> None:
    """No Accept header at all (a bare client): still the HTML page of a web address."""
    r = await client.get(url, headers={"Cookie": _signed_in(client, world)["Cookie"]})
    assert r.status_code == 422, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "có ký tự điều khiển U+0000 không được phép" in r.text


async def test_web_posts_with_nul_in_the_path_change_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    created = (await submit(client, world)).json()
    cookie = {"Cookie": _signed_in(client, world)["Cookie"], "Accept": "text/html"}
    for action in ("quyet-dinh", "gia-han", "nop", "rut", "trinh-lai", "tai-lieu", "ky-quyet-dinh"):
        r = await client.post(f"/ho-so/%00/{action}", data={"comment": "x"}, headers=cookie)
        assert r.status_code == 422, (action, r.text[:200])
        assert "Mã hồ sơ: có ký tự điều khiển U+0000" in r.text, action
    r = await client.post(f"/ho-so/{created['id']}/phan-anh/%00/xu-ly", headers=cookie)
    assert r.status_code == 422
    r = await client.post("/cong-khai/%00/y-kien", data={"content": "x" * 20})
    assert r.status_code == 422
    again = await client.get(f"/api/v1/dossiers/{created['id']}", headers=world.as_("U1", "viewer"))
    assert again.json()["version"] == created["version"]
