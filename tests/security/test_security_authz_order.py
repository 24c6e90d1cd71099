"""Authorization before validation: a caller without the right learns nothing about the schema.

Every route is found by introspection, so a new admin-only route is covered without editing
this test: anonymous callers get 401 and non-admins 403 even with a body or query that would
fail validation (422), and every protected /api/v1 route answers anonymous callers 401 first.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.deps import authenticated, get_admin
from tests.security.conftest import PASSWORD, Accounts, bearer, client_at

PUBLIC = ("/api/v1/public/", "/api/v1/auth/token")
# Known admin-only routes: the introspection below must find at least these.
ADMIN_ROUTES = {
    ("POST", "/api/v1/orgs"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users"),
    ("PATCH", "/api/v1/users/{username}"),
    ("POST", "/api/v1/users/{username}/unlock"),
    ("GET", "/api/v1/audit"),
    ("PUT", "/api/v1/calendar/overrides/{day}"),
    ("PUT", "/api/v1/digest/schedule"),
    ("POST", "/api/v1/digest/run"),
}
# Routes whose role alone decides (chair or admin), checked as a dependency too.
ROLE_GATED = {
    ("POST", "/api/v1/rounds"),
    ("POST", "/api/v1/rounds/{code}/close"),
    ("POST", "/api/v1/round-schedules"),
}
# Values that fail validation wherever they go: a path no pattern admits, junk bodies/queries.
BAD_PATH_VALUE = "not a valid value \u0000"
BAD_QUERY = {"limit": "-1", "offset": "x", "since": "yesterday", "org_code": "a\u0000b"}


def _calls(dependant: Dependant) -> set[Any]:
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, including those of included routers (FastAPI nests them)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_api_routes(route.original_router.routes))
    return found


def _routes(app: FastAPI, needs: Any) -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for route in _api_routes(app.routes)
        if needs is None or needs in _calls(route.dependant)
        for method in route.methods or ()
    )


def _url(path: str) -> str:
    return re.sub(
        r"\{[^}]+\}", httpx.URL("", params={"x": BAD_PATH_VALUE}).query.decode()[2:], path
    )


async def _send(http: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]) -> int:
    invalid_body = '{"unexpected": [1, 2, {"deep": "\\u0000"}], "roles": "nobody"}'
    r = await http.request(
        method,
        _url(path),
        params=BAD_QUERY,
        content=invalid_body if method in ("POST", "PUT", "PATCH") else None,
        headers=headers | {"Content-Type": "application/json"},
    )
    assert r.headers["content-type"].startswith("application/problem+json"), r.text[:200]
    return r.status_code


def test_every_admin_route_checks_the_role_in_a_dependency(hard_app: FastAPI) -> None:
    assert set(_routes(hard_app, get_admin)) >= ADMIN_ROUTES


@pytest.mark.parametrize("role", ["officer", "chair", "viewer"])
async def test_non_admins_get_403_before_any_validation(
    hard_app: FastAPI, accounts: Accounts, role: str
) -> None:
    async with client_at(hard_app) as http:
        headers = await bearer(http, accounts.name(role, "district"), PASSWORD)
        statuses = {
            (method, path): await _send(http, method, path, headers)
            for method, path in _routes(hard_app, get_admin)
        }
    assert statuses == dict.fromkeys(statuses, 403)


async def test_anonymous_gets_401_before_any_validation(hard_app: FastAPI) -> None:
    protected = [
        (method, path)
        for method, path in _routes(hard_app, authenticated)
        if path.startswith("/api/v1/") and not path.startswith(PUBLIC)
    ]
    assert len(protected) > 20
    async with client_at(hard_app) as http:
        statuses = {(m, p): await _send(http, m, p, {}) for m, p in protected}
        forged = {"Authorization": "Bearer not.a.token"}
        forged_statuses = {(m, p): await _send(http, m, p, forged) for m, p in protected}
    assert statuses == dict.fromkeys(statuses, 401)
    assert forged_statuses == dict.fromkeys(forged_statuses, 401)


async def test_anonymous_malformed_json_is_401_not_400(hard_app: FastAPI) -> None:
    async with client_at(hard_app) as http:
        for path in (
            "/api/v1/orgs",
            "/api/v1/dossiers",
            "/api/v1/users/x/unlock",
            "/api/v1/me/password",
        ):
            r = await http.post(
                path, content=b"{broken", headers={"Content-Type": "application/json"}
            )
            assert r.status_code == 401, (path, r.text)
            assert r.headers["www-authenticate"] == "Bearer"
        assert (await http.get("/api/v1/nowhere")).status_code == 404
        # Public endpoints still validate for everyone.
        r = await http.post(
            "/api/v1/public/postings/HS-1/objections",
            content=b"{broken",
            headers={"Content-Type": "application/json"},
        )
        assert r.status_code == 400


@pytest.mark.parametrize("role", ["officer", "viewer"])
async def test_role_gated_routes_answer_403_before_validation(
    hard_app: FastAPI, accounts: Accounts, role: str
) -> None:
    gated = [
        (method, path) for method, path in _routes(hard_app, None) if (method, path) in ROLE_GATED
    ]
    assert set(gated) == ROLE_GATED
    async with client_at(hard_app) as http:
        headers = await bearer(http, accounts.name(role, "province"), PASSWORD)
        statuses = {(m, p): await _send(http, m, p, headers) for m, p in gated}
    assert statuses == dict.fromkeys(statuses, 403)


async def test_admins_still_get_the_validation_errors(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    async with client_at(hard_app) as http:
        r = await http.post("/api/v1/orgs", json={"code": "x"}, headers=accounts.admin)
        assert r.status_code == 422
        assert {e["field"] for e in r.json()["errors"]} >= {"name", "level"}


# Bodies no route can read: syntax, a repeated key, a key that is not text, nesting too deep,
# an integer too long to convert. They are refused before the app runs, yet after the role.
UNREADABLE = {
    b"{broken": (400, "body"),
    b'{"code": "A", "code": "B"}': (422, "code"),
    b'{"\\u0000": 1}': (422, "\\u0000"),
    b"[" * 40 + b"]" * 40: (400, "[0]" * 32),
    b'{"name": ' + b"9" * 5000 + b"}": (422, "name"),
}


@pytest.mark.parametrize("role", ["officer", "viewer"])
async def test_an_unreadable_body_is_403_for_a_caller_without_the_role(
    hard_app: FastAPI, accounts: Accounts, role: str
) -> None:
    routes = [
        (method, path)
        for method, path in [*_routes(hard_app, get_admin), *sorted(ROLE_GATED)]
        if method in ("POST", "PUT", "PATCH")
    ]
    async with client_at(hard_app) as http:
        headers = await bearer(http, accounts.name(role, "province"), PASSWORD)
        headers |= {"Content-Type": "application/json"}
        statuses = {
            (method, path, body[:12]): (
                await http.request(method, _url(path), content=body, headers=headers)
            ).status_code
            for method, path in routes
            for body in UNREADABLE
        }
        # the admin, who may call them, is told what is wrong with the body and where
        for body, (status, field) in UNREADABLE.items():
            r = await http.post("/api/v1/orgs", content=body, headers=headers | accounts.admin)
            assert r.status_code == status, r.text
            assert [e["field"] for e in r.json()["errors"]] == [field]
    assert len(routes) > 8
    assert statuses == dict.fromkeys(statuses, 403)
