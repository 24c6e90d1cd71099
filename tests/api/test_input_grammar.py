"""One reading of every input (outside audit A4 §8, §11–14): what the grammar leaves no doubt
about is refused by name, in Vietnamese (English on request), and changes nothing.

- a dossier sent for review needs its `summary` (contract §7 lists it without "?"); a draft
  may leave it empty; resubmitting needs its `comment` (`{"comment","summary"?,"nominees"?}`);
- a web form's checkbox or flag button takes "1" or nothing (`draft=yes` never submits);
- a form field sent twice where one value is expected is 422 naming it;
- the sign-in (a form endpoint) sent JSON is 415 naming Content-Type;
- HEAD is answered wherever GET is, without a body;
- the audit's `since` without a UTC offset is Vietnam time.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import PASSWORD, World, submit

pytestmark = pytest.mark.usefixtures("worker")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
REQUIRED_VI = "bắt buộc nhập khi gửi hồ sơ đi xét"
REQUIRED_EN = "required when the dossier is sent for review"
FLAG_VI = "chỉ nhận giá trị “1” (có đánh dấu) hoặc để trống"
REPEATED_VI = "trường này được gửi hai lần; chỉ gửi một giá trị"


def _body(world: World, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
        "nominees": [{"kind": "individual", "name": "Lê Văn An"}],
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


async def _total(client: httpx.AsyncClient, world: World) -> int:
    listed = await client.get("/api/v1/dossiers", headers=world.as_("U1", "officer"))
    assert listed.status_code == 200, listed.text
    return int(listed.json()["total"])


def _only_error(answer: httpx.Response, status: int, field: str) -> str:
    assert answer.status_code == status, answer.text
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    message: str = errors[0]["message"]
    return message


# ---- §8: summary and comment ------------------------------------------------------------


@pytest.mark.parametrize("summary", ["", None])
async def test_a_dossier_sent_for_review_needs_its_summary(
    client: httpx.AsyncClient, world: World, summary: str | None
) -> None:
    before = await _total(client, world)
    officer = world.as_("U1", "officer")
    body = _body(world, summary=summary)
    if summary is None:
        body.pop("summary", None)
    answer = await client.post("/api/v1/dossiers", json=body, headers=officer)
    message = _only_error(answer, 422, "summary")
    assert message.startswith("Tóm tắt thành tích: ")
    assert REQUIRED_VI in message
    english = {**officer, "Accept-Language": "en"}
    answer = await client.post("/api/v1/dossiers", json=body, headers=english)
    assert REQUIRED_EN in _only_error(answer, 422, "summary")
    assert await _total(client, world) == before
    # a draft may still leave it empty; submitting that draft may not
    drafted = await client.post("/api/v1/dossiers", json={**body, "draft": True}, headers=officer)
    assert drafted.status_code == 201, drafted.text
    dossier_id = drafted.json()["id"]
    for sent in ({}, {"comment": "Nộp"}, {"summary": ""}):
        answer = await client.post(
            f"/api/v1/dossiers/{dossier_id}/submit", json=sent, headers=officer
        )
        assert answer.status_code == 422, (sent, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == ["summary"], sent
    read = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
    assert read.json()["status"] == "draft"
    assert [h["action"] for h in read.json()["history"]] == [
        h["action"] for h in drafted.json()["history"]
    ]


async def _returned(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    back = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "return", "comment": "Bổ sung minh chứng"},
        headers=world.as_("D1", "chair"),
    )
    assert back.status_code == 200, back.text
    found: dict[str, Any] = back.json()
    return found


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({}, "comment"),
        ({"comment": ""}, "comment"),
        ({"summary": "Đã bổ sung"}, "comment"),
        ({"comment": "Đã bổ sung", "summary": ""}, "summary"),
    ],
)
async def test_a_resubmission_needs_its_comment(
    client: httpx.AsyncClient, world: World, sent: dict[str, Any], field: str
) -> None:
    returned = await _returned(client, world)
    dossier_id = returned["id"]
    officer = world.as_("U1", "officer")
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/resubmit", json=sent, headers=officer
    )
    message = _only_error(answer, 422, field)
    label = "Ý kiến" if field == "comment" else "Tóm tắt thành tích"
    assert message.startswith(f"{label}: "), message
    read = (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)).json()
    assert read["status"] == "returned"
    assert read["history"] == returned["history"]
    assert read["summary"] == returned["summary"]


# ---- §13, §11: the web create form: flags and repeated fields ----------------------------


@pytest.fixture
async def officer_web(app: FastAPI, world: World) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as web:
        await web.get("/login")
        username = f"officer.U1.{world.tag}".lower()
        form = {"username": username, "password": PASSWORD, "csrf_token": web.cookies["tdkt_csrf"]}
        assert (await web.post("/login", data=form)).status_code == 303
        yield web


def _new_form(web: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": web.cookies["tdkt_csrf"],
        "award_code": "GIAY_KHEN",
        "year": "2026",
        "summary": "Hoàn thành xuất sắc nhiệm vụ",
        "nominee_count": "1",
        "nominees-0-name": "Mạc Thị Duyên",
        "nominees-0-kind": "individual",
    }
    form.update(changes)
    return form


def _page_text(page: httpx.Response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


@pytest.mark.parametrize(
    ("changes", "label", "words"),
    [
        ({"draft": "yes"}, "Lưu nháp", FLAG_VI),
        ({"draft": "0"}, "Lưu nháp", FLAG_VI),
        ({"simplified": "on"}, "Thủ tục đơn giản", FLAG_VI),
        ({"nominees-0-direct": "true"}, "Lao động trực tiếp", FLAG_VI),
        ({"nominees-0-ethnic": "x"}, "Dân tộc thiểu số", FLAG_VI),
        ({"draft": ["1", "1"]}, "Lưu nháp", REPEATED_VI),
        ({"summary": ["Thành tích A", "Thành tích B"]}, "Tóm tắt thành tích", REPEATED_VI),
        ({"award_code": ["GIAY_KHEN", "LDTT"]}, "Danh hiệu / hình thức khen thưởng", REPEATED_VI),
    ],
)
async def test_the_web_create_form_takes_one_defined_value_per_field(
    client: httpx.AsyncClient,
    world: World,
    officer_web: httpx.AsyncClient,
    changes: dict[str, Any],
    label: str,
    words: str,
) -> None:
    before = await _total(client, world)
    page = await officer_web.post("/ho-so/moi", data=_new_form(officer_web, **changes))
    assert page.status_code == 422, page.text[:500]
    shown = _page_text(page)
    assert words in shown
    assert label in shown
    assert await _total(client, world) == before


async def test_the_web_create_form_still_drafts_and_submits(
    client: httpx.AsyncClient, world: World, officer_web: httpx.AsyncClient
) -> None:
    before = await _total(client, world)
    drafted = await officer_web.post("/ho-so/moi", data=_new_form(officer_web, draft="1"))
    assert drafted.status_code == 303, drafted.text[:500]
    sent = await officer_web.post(
        "/ho-so/moi", data=_new_form(officer_web, **{"nominees-0-direct": "1"})
    )
    assert sent.status_code == 303, sent.text[:500]
    assert await _total(client, world) == before + 2
    officer = world.as_("U1", "officer")
    statuses = []
    for answer in (drafted, sent):
        dossier_id = answer.headers["location"].rsplit("/", 1)[-1].split("?")[0]
        read = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
        statuses.append(read.json()["status"])
    assert statuses == ["draft", "in_review"]


async def test_a_draft_without_summary_is_submitted_from_its_page_with_one(
    client: httpx.AsyncClient, world: World, officer_web: httpx.AsyncClient
) -> None:
    drafted = await officer_web.post(
        "/ho-so/moi", data=_new_form(officer_web, draft="1", summary="")
    )
    assert drafted.status_code == 303, drafted.text[:500]
    dossier_id = drafted.headers["location"].rsplit("/", 1)[-1].split("?")[0]
    csrf = officer_web.cookies["tdkt_csrf"]
    path = f"/ho-so/{dossier_id}/nop"
    refused = await officer_web.post(path, data={"csrf_token": csrf, "comment": "Nộp"})
    assert refused.status_code == 422, refused.text[:500]
    assert 'id="e-submit-summary"' in refused.text
    assert f"Tóm tắt thành tích: {REQUIRED_VI}" in _page_text(refused)
    officer = world.as_("U1", "officer")
    read = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
    assert read.json()["status"] == "draft"
    sent = {"csrf_token": csrf, "comment": "Nộp", "summary": "Hoàn thành tốt nhiệm vụ"}
    submitted = await officer_web.post(path, data=sent)
    assert submitted.status_code == 303, submitted.text[:500]
    read = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
    assert (read.json()["status"], read.json()["summary"]) == ("in_review", sent["summary"])


# ---- §12: a form endpoint sent JSON -----------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_json_sent_to_the_sign_in_is_415_naming_content_type(
    client: httpx.AsyncClient, world: World, language: str
) -> None:
    body = {"username": f"officer.U1.{world.tag}".lower(), "password": PASSWORD}
    audit = await client.get("/api/v1/audit", params={"action": "auth.login"}, headers=world.admin)
    answer = await client.post(
        "/api/v1/auth/token", json=body, headers={"Accept-Language": language}
    )
    message = _only_error(answer, 415, "Content-Type")
    if language == "vi":
        assert message.startswith("Kiểu nội dung (tiêu đề Content-Type): phải là biểu mẫu")
    else:
        assert "must be a form" in message
    assert "application/json" in message
    again = await client.get("/api/v1/audit", params={"action": "auth.login"}, headers=world.admin)
    assert again.json()["total"] == audit.json()["total"]  # nobody signed in
    plain = await client.post(
        "/api/v1/auth/token", content=b"username=x", headers={"Content-Type": "text/plain"}
    )
    _only_error(plain, 415, "Content-Type")
    # a form still signs in; a form without its fields is still 422 naming them
    assert (await client.post("/api/v1/auth/token", data=body)).status_code == 200
    empty = await client.post("/api/v1/auth/token", data={"username": body["username"]})
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["password"]


# ---- §14: HEAD and the audit's `since` ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dossiers",
        "/api/v1/awards",
        "/api/v1/me",
        "/api/v1/calendar/working-days?start=2026-12-07&days=1",
        "/healthz",
        "/ho-so",
    ],
)
async def test_head_answers_like_get_without_a_body(
    app: FastAPI, client: httpx.AsyncClient, world: World, path: str
) -> None:
    officer = world.as_("U1", "officer")
    got = await client.get(path, headers=officer)
    head = await client.head(path, headers=officer)
    assert head.status_code == got.status_code, head.text
    assert head.status_code in (200, 302, 303, 307)
    assert head.content == b""
    assert head.headers.get("content-type") == got.headers.get("content-type")
    if "content-length" in got.headers and got.status_code == 200:
        assert head.headers["content-length"] == got.headers["content-length"]
    # still the same rules: anonymous is 401, an unknown path 404, a POST-only path 405
    assert (await client.head("/api/v1/dossiers")).status_code == 401
    assert (await client.head("/api/v1/no-such-thing", headers=officer)).status_code == 404
    assert (await client.head("/api/v1/auth/logout", headers=officer)).status_code == 405


async def test_audit_since_without_an_offset_is_vietnam_time(
    client: httpx.AsyncClient, world: World
) -> None:
    marker = f"since.{world.tag}".lower()
    r = await client.post(
        "/api/v1/auth/token", data={"username": marker, "password": "Sai#mat-khau-1"}
    )
    assert r.status_code == 401
    now_vn = datetime.now(UTC).astimezone(VN).replace(tzinfo=None, microsecond=0)

    async def found(since: str) -> int:
        answer = await client.get(
            "/api/v1/audit", params={"actor": marker, "since": since}, headers=world.admin
        )
        assert answer.status_code == 200, answer.text
        return int(answer.json()["total"])

    earlier, later = now_vn - timedelta(minutes=10), now_vn + timedelta(minutes=10)
    assert await found(earlier.isoformat()) == 1  # read as UTC, it would lie 7 hours ahead
    assert await found(later.isoformat()) == 0
    assert await found(f"{earlier.isoformat()}+07:00") == 1  # an offset is taken as sent
    assert await found(f"{later.isoformat()}+07:00") == 0
    utc_earlier = (earlier - timedelta(hours=7)).isoformat()
    assert await found(f"{utc_earlier}Z") == 1
