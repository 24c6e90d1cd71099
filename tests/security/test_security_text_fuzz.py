"""Property test: strings from the whole Unicode range, in every input of every endpoint → no 5xx.

Each API operation of the OpenAPI document (plus the web pages that take text) gets a baseline
request (the schema's example body, plausible path and query values); Hypothesis then puts a
generated string (any code point: controls, NUL, lone surrogates, non-characters, invisible
and space-like characters, RTL marks, astral planes) into one input at a time: a path
parameter, a query parameter, a form field, a top-level body field or any string leaf of the
example body. Surrogates cannot be UTF-8, so they travel as the bytes a careless client sends
(`surrogatepass`, percent-encoded in URLs) or as JSON `\\ud800` escapes. Examples are generated
first (derandomised, so a failure repeats), then sent over ASGI to the real app.
"""

from __future__ import annotations

import copy
import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import PASSWORD, Accounts, bearer, client_at, make_user

NASTY = [
    "\x00",
    "a\x00b",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u00a0\u3000\u2007",
    "\u3164\u115f",
    "\u0301\u0300",
    "\ud800",
    "\udfff x",
    "\ufffe\uffff",
    "\U0010ffff",
    "\u202e\u2066",
    "\x1b[31m",
    "\x85\x9f",
    "\u2028\u2029",
    "9" * 400,
    "-1e309",
    "0001-01-01",
    "9999-12-31",
    "P99999999999D",
]
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=30),
    st.sampled_from(NASTY),
)
EXAMPLES = 12
PATH_DEFAULTS = {
    "username": "nobody.fuzz",
    "code": "NO-SUCH-CODE",
    "dossier_id": "HS-2026-00000000",
    "day": "2199-12-30",
}


def _quote(value: str) -> str:
    return urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="")


@dataclass
class Operation:
    method: str
    path: str
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    form: dict[str, str] | None = None

    def slots(self) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = [("path", k) for k in self.path_params]
        found += [("query", k) for k in self.query]
        found += [("form", k) for k in self.form or {}]
        if isinstance(self.body, dict):
            found += [("body", leaf) for leaf in _leaves(self.body, ())]
        return found

    def request(self, slot: tuple[str, Any], text: str) -> tuple[str, str, bytes | None, str]:
        kind, where = slot
        path_params, query = dict(self.path_params), dict(self.query)
        body, form = copy.deepcopy(self.body), dict(self.form or {})
        if kind == "path":
            path_params[where] = text
        elif kind == "query":
            query[where] = text
        elif kind == "form":
            form[where] = text
        else:
            _put(body, where, text)
        url = self.path
        for name, value in path_params.items():
            url = url.replace("{" + name + "}", _quote(value))
        if query:
            url += "?" + "&".join(f"{_quote(k)}={_quote(v)}" for k, v in query.items())
        if self.form is not None:
            raw = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in form.items()).encode()
            return self.method, url, raw, "application/x-www-form-urlencoded"
        if body is None:
            return self.method, url, None, ""
        return self.method, url, json.dumps(body, ensure_ascii=True).encode(), "application/json"


def _leaves(value: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Every place in an example body where a string can go: its keys' values, recursively."""
    if isinstance(value, dict):
        found = [(*path, k) for k in value]
        for k, v in value.items():
            if isinstance(v, dict | list):
                found += _leaves(v, (*path, k))
        return found
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return []


def _put(body: Any, where: tuple[Any, ...], text: str) -> None:
    for part in where[:-1]:
        body = body[part]
    body[where[-1]] = text


def _example(openapi: dict[str, Any], operation: dict[str, Any]) -> Any:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    schema = content["application/json"]["schema"]
    if "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    examples = schema.get("examples") or [{}]
    body = copy.deepcopy(examples[0])
    for name in schema.get("properties", {}):
        body.setdefault(name, None)
    return body


def operations(app: FastAPI) -> list[Operation]:
    openapi = app.openapi()
    found = []
    for path, items in openapi["paths"].items():
        for method, op in items.items():
            params = op.get("parameters", [])
            path_params = {
                p["name"]: PATH_DEFAULTS.get(p["name"], "x") for p in params if p["in"] == "path"
            }
            query = {p["name"]: "1" for p in params if p["in"] == "query"}
            form = None
            if "application/x-www-form-urlencoded" in op.get("requestBody", {}).get("content", {}):
                form = {"username": "someone", "password": "wrong-password"}
            operation = Operation(
                method.upper(), path, path_params, query, _example(openapi, op), form
            )
            if operation.slots():
                found.append(operation)
    # The web pages that take text.
    found += [
        Operation("GET", "/ho-so", query={"q": "a", "award_code": "", "org_code": ""}),
        Operation("GET", "/login", query={"next": "/"}),
        Operation("GET", "/cong-khai", query={"target": "x", "sent": "1"}),
    ]
    return found


def generate(operation: Operation, count: int) -> list[tuple[tuple[str, Any], str]]:
    """`count` (slot, text) pairs from Hypothesis, derandomised so that a failure repeats."""
    cases: list[tuple[tuple[str, Any], str]] = []

    @given(slot=st.sampled_from(operation.slots()), text=ANY_TEXT)
    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def collect(slot: tuple[str, Any], text: str) -> None:
        cases.append((slot, text))

    collect()
    return cases


async def test_no_string_anywhere_causes_a_server_error(
    hard_app: FastAPI, hard_worker: None, accounts: Accounts
) -> None:
    ops = operations(hard_app)
    assert len(ops) > 30
    async with client_at(hard_app) as http:
        fuzzer = f"fuzz.admin.{accounts.tag}".lower()
        await make_user(http, accounts.admin, fuzzer, accounts.province, "admin")
        headers = await bearer(http, fuzzer, PASSWORD)
        http.cookies.set("tdkt_session", headers["Authorization"].removeprefix("Bearer "))
        failures: list[str] = []
        sent = 0
        for operation in ops:
            count = 4 if operation.path == "/api/v1/auth/token" else EXAMPLES
            for slot, text in generate(operation, count):
                method, url, content, ctype = operation.request(slot, text)
                request_headers = headers | ({"Content-Type": ctype} if ctype else {})
                r = await http.request(method, url, content=content, headers=request_headers)
                sent += 1
                if r.status_code >= 500 or (
                    url.startswith("/api/")
                    and r.status_code >= 400
                    and not r.headers["content-type"].startswith("application/problem+json")
                ):
                    failures.append(
                        f"{method} {url} {slot} {text!r} → {r.status_code} {r.text[:200]}"
                    )
    assert failures == [], "\n".join(failures)
    assert sent > 300


async def test_refusals_name_the_field_in_vietnamese(hard_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(hard_app) as http:
        officer = await bearer(http, accounts.name("officer", "unit"), PASSWORD)
        before = (await http.get("/api/v1/dossiers", headers=officer)).json()["total"]
        for name, phrase in (
            ("\u200b\u00a0\u3000", "khoảng trắng hoặc ký tự vô hình"),
            ("\u3164", "khoảng trắng hoặc ký tự vô hình"),
            ("Lê\u0000Văn", "ký tự điều khiển U+0000"),
            ("Lê\nVăn", "ký tự điều khiển U+000A"),
            ("Lê\u2028Văn", "ký tự xuống dòng"),
            ("Lê\ufdd0", "không phải văn bản"),
        ):
            body = {
                "proposer_org": accounts.unit,
                "award_code": "GIAY_KHEN",
                "summary": "Hoàn thành xuất sắc",
                "nominees": [{"kind": "individual", "name": name}],
            }
            r = await http.post("/api/v1/dossiers", json=body, headers=officer)
            assert r.status_code == 422, (name, r.text)
            errors = r.json()["errors"]
            assert errors[0]["field"] == "nominees[0].name", errors
            assert phrase in errors[0]["message"], errors
        r = await http.post(
            "/api/v1/dossiers",
            content=b'{"proposer_org": "X", "award_code": "Y", "summary": "a\\u0000", '
            b'"nominees": [{"kind": "individual", "name": "\\ud800"}]}',
            headers=officer | {"Content-Type": "application/json"},
        )
        assert r.status_code in (400, 422), r.text
        r = await http.get("/api/v1/dossiers", params={"q": "a\x00"}, headers=officer)
        assert r.status_code == 422
        assert r.json()["errors"][0]["field"] == "q"
        r = await http.post("/api/v1/auth/token", data={"username": "a\x00", "password": "x"})
        assert r.status_code == 422
        assert r.json()["errors"][0]["field"] == "username"
        assert (await http.get("/api/v1/dossiers", headers=officer)).json()["total"] == before


async def test_multiline_fields_keep_newlines_and_tabs(
    hard_app: FastAPI, hard_worker: None, accounts: Accounts
) -> None:
    async with client_at(hard_app) as http:
        officer = await bearer(http, accounts.name("officer", "unit"), PASSWORD)
        body = {
            "proposer_org": accounts.unit,
            "award_code": "GIAY_KHEN",
            "summary": "Dòng 1\r\nDòng 2\r\tthụt lề",
            "nominees": [{"kind": "individual", "name": "Nguyễn\u00a0Văn An"}],
        }
        r = await http.post("/api/v1/dossiers", json=body, headers=officer)
        assert r.status_code == 201, r.text
        assert r.json()["summary"] == "Dòng 1\nDòng 2\n\tthụt lề"
        assert r.json()["nominees"][0]["name"] == "Nguyễn\u00a0Văn An"


async def test_dates_and_numbers_at_their_edges(hard_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(hard_app) as http:
        headers = accounts.admin
        cases = [
            ("GET", "/api/v1/calendar/working-days?start=0001-01-01&days=5", 422),
            ("GET", "/api/v1/calendar/working-days?start=9999-12-31&days=2000", 422),
            ("GET", "/api/v1/calendar/working-days?start=2199-12-31&days=2000", 422),  # > 2199
            ("GET", "/api/v1/calendar/working-days?start=2026-01-01&days=99999999999", 422),
            ("GET", "/api/v1/calendar/holidays?year=9999", 422),
            (
                "GET",
                "/api/v1/bonus?award_code=CSTD_TINH&subject=individual&decision_date=9999-12-31",
                422,
            ),
            (
                "GET",
                "/api/v1/bonus?award_code=CSTD_TINH&subject=individual&decision_date=0001-01-01",
                422,
            ),
            ("GET", "/api/v1/dossiers?page=99999999999999999999", 422),
            # above the cap (100) is refused, never quietly clamped
            ("GET", "/api/v1/dossiers?page_size=99999999999999999999", 200),
        ]
        for method, url, expected in cases:
            r = await http.request(method, url, headers=headers)
            assert r.status_code == expected, (url, r.text[:300])
        r = await http.put(
            "/api/v1/calendar/overrides/0001-01-01", json={"working": True}, headers=headers
        )
        assert r.status_code == 422, r.text
        r = await http.post(
            "/api/v1/eligibility",
            json={
                "award_code": "CSTD_CS",
                "year": 2025,
                "subject": "collective",
                "history": [{"year": 2025, "rating": "HTXS", "members_total": 10**400}],
            },
            headers=headers,
        )
        assert r.status_code == 422, r.text
