"""JSON bodies as a whole (api.json_body, the request middleware) and JSON integers: every fault
is a 4xx naming the field in Vietnamese (English on request), and nothing changes."""

from __future__ import annotations

from typing import Any, get_args

import httpx
import pytest
from fastapi import FastAPI, params
from fastapi.routing import APIRoute, iter_route_contexts

from api.schemas.common import RequestModel
from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")
JSON = {"Content-Type": "application/json"}
OBJECTIONS = "/api/v1/public/postings/HS-2026-00000000/objections"


def _refused(r: httpx.Response, status: int, field: str) -> str:
    """The one error's message, after checking the status, the field and the wording."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    message: str = errors[0]["message"]
    for english in ("Expecting", "Maximum", "should", "items", "Invalid", "JSON decode"):
        assert english not in message, message
        assert english not in r.json()["detail"], message
    return message


async def _dossier_count(http: httpx.AsyncClient, world: World) -> int:
    listed = await http.get("/api/v1/dossiers", headers=world.as_("U1", "officer"))
    total: int = listed.json()["total"]
    return total


def _dossier(world: World, **extra: Any) -> dict[str, Any]:
    nominee = {"kind": "individual", "name": "Nguyễn Văn An", "is_direct_worker": True}
    return {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Thành tích xuất sắc năm 2026",
        "nominees": [nominee],
        **extra,
    }


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"\\ud800":1}', "\\ud800"),
        ('{"summary":{"\\udfffx":1}}', "summary.\\udfffx"),
        ('{"nominees":[{"\\u0000":1}]}', "nominees[0].\\u0000"),
    ],
)
async def test_a_key_that_is_not_text_is_refused(
    client: httpx.AsyncClient, world: World, raw: str, field: str
) -> None:
    before = await _dossier_count(client, world)
    headers = world.as_("U1", "officer") | JSON
    r = await client.post("/api/v1/dossiers", content=raw.encode(), headers=headers)
    message = _refused(r, 422, field)
    leaf = field.rsplit(".", 1)[-1]
    assert message.startswith(f"Trường “{leaf}”"), message
    assert "không được phép" in message
    assert await _dossier_count(client, world) == before


async def test_a_surrogate_key_is_refused_on_anonymous_and_eligibility_routes(
    client: httpx.AsyncClient, world: World
) -> None:
    raw = '{"content":"Nội dung phản ánh dài","\\udc00x":1}'
    r = await client.post(OBJECTIONS, content=raw.encode(), headers=JSON)
    assert "surrogate" in _refused(r, 422, "\\udc00x")
    r = await client.post(
        "/api/v1/eligibility", content=b'{"\\ud800":1}', headers=world.as_("U1", "officer") | JSON
    )
    _refused(r, 422, "\\ud800")


async def test_a_repeated_key_is_refused_and_nothing_is_created(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await _dossier_count(client, world)
    body = '{"proposer_org":"' + world.code("U1") + '","summary":"a","summary":"b"}'
    headers = world.as_("U1", "officer") | JSON
    r = await client.post("/api/v1/dossiers", content=body.encode(), headers=headers)
    message = _refused(r, 422, "summary")
    assert message == (
        "Tóm tắt thành tích: khoá này xuất hiện hai lần trong cùng một đối tượng JSON; "
        "chỉ gửi một lần"
    )
    assert await _dossier_count(client, world) == before


@pytest.mark.parametrize(
    ("raw", "status", "field", "expected"),
    [
        (b'{"a":1,\n"b":}', 400, "body", "Nội dung yêu cầu: JSON sai cú pháp ở dòng 2, cột 5"),
        (b'{"summary":"\xff"}', 400, "body", "Nội dung yêu cầu: không phải văn bản UTF-8 hợp lệ"),
        (b"[" * 30_000 + b"]" * 30_000, 400, "body", "Nội dung yêu cầu: lồng nhau quá 32 cấp"),
        (b'{"a":' * 40 + b"1" + b"}" * 40, 400, "a.a.a.a.a.a", "Trường “a” (dòng"),
    ],
)
async def test_an_unreadable_body_names_where(
    client: httpx.AsyncClient,
    world: World,
    raw: bytes,
    status: int,
    field: str,
    expected: str,
) -> None:
    before = await _dossier_count(client, world)
    headers = world.as_("U1", "officer") | JSON
    r = await client.post("/api/v1/dossiers", content=raw, headers=headers)
    if field.startswith("a."):  # too deep inside: named by the path where it goes too deep
        assert r.status_code == status
        assert r.json()["errors"][0]["field"].startswith(field)
    else:
        assert _refused(r, status, field).startswith(expected)
    assert await _dossier_count(client, world) == before


async def test_syntax_errors_in_english_name_line_and_column(client: httpx.AsyncClient) -> None:
    headers = JSON | {"Accept-Language": "en"}
    r = await client.post(OBJECTIONS, content=b'{\n\n  "content": }', headers=headers)
    assert _refused(r, 400, "body") == "Request body: JSON syntax error at line 3, column 14"


async def test_json_sent_with_another_content_type_names_the_header(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await _dossier_count(client, world)
    r = await client.post(
        "/api/v1/dossiers",
        content=httpx.Request("POST", "/", json=_dossier(world)).content,
        headers=world.as_("U1", "officer") | {"Content-Type": "text/plain"},
    )
    message = _refused(r, 415, "Content-Type")
    assert message.startswith("Kiểu nội dung (tiêu đề Content-Type): phải là application/json")
    assert await _dossier_count(client, world) == before


async def test_multipart_faults_name_the_field_in_vietnamese(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.post(
        "/api/v1/auth/token", content=b"x", headers={"Content-Type": "multipart/form-data"}
    )
    assert "boundary" in _refused(r, 400, "Content-Type")
    long_name = "a" * 20_000 + ".pdf"
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="'
        + long_name.encode()
        + b'"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--B--\r\n'
    )
    created = (await submit(client, world)).json()
    r = await client.post(
        f"/api/v1/dossiers/{created['id']}/attachments",
        content=body,
        headers=world.as_("U1", "officer") | {"Content-Type": "multipart/form-data; boundary=B"},
    )
    assert r.status_code in (400, 413, 422), r.text
    assert "Maximum" not in r.text
    assert "header size" not in r.text
    assert r.json()["errors"][0]["field"]
    listed = await client.get(
        f"/api/v1/dossiers/{created['id']}/attachments", headers=world.as_("U1", "officer")
    )
    assert listed.json()["items"] == []


async def test_an_empty_idempotency_key_is_named(client: httpx.AsyncClient, world: World) -> None:
    before = await _dossier_count(client, world)
    r = await submit(client, world, headers=world.as_("U1", "officer") | {"Idempotency-Key": " "})
    message = _refused(r, 422, "Idempotency-Key")
    assert message == "Khoá chống gửi trùng (Idempotency-Key): Độ dài 1–200 ký tự"
    assert await _dossier_count(client, world) == before


@pytest.mark.parametrize("days", [True, "5", 5.0])
async def test_working_days_must_be_a_json_integer(
    client: httpx.AsyncClient, world: World, days: object
) -> None:
    created = (await submit(client, world)).json()
    chair = world.as_("D1", "chair")
    r = await client.post(
        f"/api/v1/dossiers/{created['id']}/deadline-extensions",
        json={"working_days": days, "comment": "x"},
        headers=chair,
    )
    message = _refused(r, 422, "working_days")
    assert message == (
        "Số ngày làm việc gia hạn: phải là số nguyên "
        "(không phải chuỗi, số thập phân hay true/false)"
    )
    again = (await client.get(f"/api/v1/dossiers/{created['id']}", headers=chair)).json()
    assert again["stage"]["due_at"] == created["stage"]["due_at"]
    assert [h["action"] for h in again["history"]] == [h["action"] for h in created["history"]]


async def test_vote_counts_refuse_booleans(client: httpx.AsyncClient, world: World) -> None:
    created = (await submit(client, world)).json()
    chair = world.as_("D1", "chair")
    vote = {"members_total": True, "present": True, "in_favor": True}
    r = await client.post(
        f"/api/v1/dossiers/{created['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý", "vote": vote},
        headers=chair,
    )
    assert r.status_code == 422, r.text
    fields = [e["field"] for e in r.json()["errors"]]
    assert fields == ["vote.members_total", "vote.present", "vote.in_favor"]
    again = (await client.get(f"/api/v1/dossiers/{created['id']}", headers=chair)).json()
    assert (again["status"], again["stage"]) == (created["status"], created["stage"])


async def test_notification_ids_refuse_booleans(client: httpx.AsyncClient, world: World) -> None:
    await submit(client, world)
    chair = world.as_("D1", "chair")
    before = (await client.get("/api/v1/notifications", headers=chair)).json()
    r = await client.post("/api/v1/notifications/read", json={"ids": [True]}, headers=chair)
    assert _refused(r, 422, "ids[0]").startswith("Danh sách mã (dòng 1): phải là số nguyên")
    after = (await client.get("/api/v1/notifications", headers=chair)).json()
    assert after["unread"] == before["unread"]
    assert [n["read_at"] for n in after["items"]] == [n["read_at"] for n in before["items"]]


@pytest.mark.parametrize(
    ("command", "body", "field", "label"),
    [
        ("decisions", {"action": "approve", "decision_number": "x" * 65}, "decision_number",
         "Số quyết định"),
        ("submit", {"comment": "x", "round_code": "R" * 65}, "round_code", "Đợt xét"),
    ],
)  # fmt: skip
async def test_optional_text_limits_count_characters(
    client: httpx.AsyncClient, world: World, command: str, body: dict[str, Any], field: str,
    label: str,
) -> None:  # fmt: skip
    created = (await submit(client, world)).json()
    headers = world.as_("D1", "chair") if command == "decisions" else world.as_("U1", "officer")
    r = await client.post(f"/api/v1/dossiers/{created['id']}/{command}", json=body, headers=headers)
    assert r.status_code == 422, r.text
    error = next(e for e in r.json()["errors"] if e["field"] == field)
    assert error["message"] == f"{label}: có tối đa 64 ký tự"
    english = await client.post(
        f"/api/v1/dossiers/{created['id']}/{command}",
        json=body,
        headers=headers | {"Accept-Language": "en"},
    )
    worded = next(e for e in english.json()["errors"] if e["field"] == field)["message"]
    assert worded.endswith("should have at most 64 characters")
    again = (await client.get(f"/api/v1/dossiers/{created['id']}", headers=headers)).json()
    assert (again["status"], again["version"]) == (created["status"], created["version"])


async def test_contact_of_an_objection_counts_characters(client: httpx.AsyncClient) -> None:
    body = {"content": "Nội dung phản ánh dài", "contact": "x" * 301}
    r = await client.post(OBJECTIONS, json=body, headers={"Accept-Language": "en"})
    assert r.status_code == 422, r.text
    worded = next(e for e in r.json()["errors"] if e["field"] == "contact")["message"]
    assert "characters" in worded
    assert "items" not in worded


def test_every_json_body_is_a_request_model(app: FastAPI) -> None:
    """The text rules and the integer rule live in RequestModel: every JSON body inherits them."""
    bodies = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        field = getattr(route, "body_field", None) if isinstance(route, APIRoute) else None
        annotation = getattr(getattr(field, "field_info", None), "annotation", None)
        if annotation is None or isinstance(getattr(field, "field_info", None), params.Form):
            continue  # forms and files (params.File is a Form): text, not JSON
        models = [a for a in (annotation, *get_args(annotation)) if isinstance(a, type)]
        models = [m for m in models if m is not type(None)]
        bodies += [(context.path, m) for m in models]
    assert len(bodies) > 15
    assert [(p, m.__name__) for p, m in bodies if not issubclass(m, RequestModel)] == []


async def test_a_long_username_counts_characters(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/auth/token", data={"username": "u" * 65, "password": "x"})
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "field": "username",
            "code": "string_too_long",
            "message": "Tên đăng nhập: có tối đa 64 ký tự",
        }
    ]


def _creation(world: World) -> tuple[dict[str, object], dict[str, object]]:
    """A U1 GIAY_KHEN creation body and its one nominee (to spoil one field of either)."""
    nominee: dict[str, object] = {"kind": "individual", "name": "Nguyễn Văn An"}
    body: dict[str, object] = {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Thành tích",
        "nominees": [nominee],
    }
    return body, nominee


@pytest.mark.parametrize(
    ("where", "value"),
    [("draft", "off"), ("draft", "true"), ("draft", 1), ("draft", 0.0), ("nominee", "yes")],
)
async def test_true_false_fields_must_be_json_booleans(
    client: httpx.AsyncClient, world: World, where: str, value: object
) -> None:
    """`"draft": "off"` submitted the dossier (lax parsing read it as false); in a JSON body a
    true/false field takes only true or false, like integers take only integers."""
    before = await _dossier_count(client, world)
    officer = world.as_("U1", "officer")
    body, nominee = _creation(world)
    if where == "draft":
        body["draft"] = value
        field = "draft"
    else:
        nominee["is_direct_worker"] = value
        field = "nominees[0].is_direct_worker"
    r = await client.post("/api/v1/dossiers", json=body, headers=officer)
    message = _refused(r, 422, field)
    assert message.endswith("phải là có hoặc không (true/false)"), message
    assert await _dossier_count(client, world) == before


@pytest.mark.parametrize(
    ("where", "text", "code"),
    [
        ("summary", "abc\u202edef", "U+202E"),
        ("name", "Nguy\u202eễn Văn A", "U+202E"),
        ("name", "Lê\u2066Văn\u2069 B", "U+2066"),
    ],
)
async def test_bidirectional_controls_are_refused_by_name(
    client: httpx.AsyncClient, world: World, where: str, text: str, code: str
) -> None:
    """A right-to-left override reorders what a name shows on the public page and on the
    certificate: refused like a control character, naming the field and the character."""
    before = await _dossier_count(client, world)
    body, nominee = _creation(world)
    if where == "summary":
        body["summary"] = text
    else:
        nominee["name"] = text
    field = "summary" if where == "summary" else "nominees[0].name"
    r = await client.post("/api/v1/dossiers", json=body, headers=world.as_("U1", "officer"))
    message = _refused(r, 422, field)
    assert "ký tự đảo chiều hiển thị văn bản" in message, message
    assert code in message, message
    assert await _dossier_count(client, world) == before
