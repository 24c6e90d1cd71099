"""The office UI audit's findings, over ASGI: the council-review state of eligibility, system
history comments in the reader's language, a withdrawal's reason, form errors named by the
form's labels, error summaries in form order, the draft's words and the public lookup."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI

from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_paper_pages import bearer, csrf_of, new_dossier, sign_in
from tests.browser.test_public_posting import _to_posting

pytestmark = pytest.mark.usefixtures("web_worker")


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


async def _status(client: httpx.AsyncClient, people: People, dossier_id: str) -> str:
    read = await client.get(
        f"/api/v1/dossiers/{dossier_id}",
        headers=await bearer(client, people.username("U", "officer")),
    )
    return str(read.json()["status"])


async def test_an_award_without_automatic_checks_needs_the_council(
    client: httpx.AsyncClient, people: People, web_app: FastAPI
) -> None:
    dossier_id = await _to_posting(web_app, people)  # Huân chương Lao động hạng Ba
    await sign_in(client, people.username("P", "chair"))
    page = (await client.get(f"/ho-so/{dossier_id}?lang=vi")).text
    assert 'data-eligibility="review">Cần Hội đồng xem xét<' in page
    assert 'data-eligibility="yes"' not in page
    assert "Chưa có tiêu chí kiểm tra tự động cho Huân chương Lao động hạng Ba" in _text(page)
    english = (await client.get(f"/ho-so/{dossier_id}?lang=en")).text
    assert "Council review needed" in english

    csrf = await sign_in(client, people.username("U", "officer"))
    fragment = await client.post(
        "/ho-so/kiem-tra?lang=vi",
        data={"award_code": "GIAY_KHEN", "year": "2025", "row": "0",
              "nominees-0-kind": "individual"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )  # fmt: skip
    assert fragment.status_code == 200
    assert 'class="err"' not in fragment.text  # a note, not an error
    assert "Cần Hội đồng xem xét" in fragment.text
    assert "Chưa có tiêu chí kiểm tra tự động cho Giấy khen" in _text(fragment.text)
    checked = await client.post(
        "/ho-so/kiem-tra?lang=vi",
        data={"award_code": "LDTT", "year": "2025", "row": "0", "nominees-0-kind": "individual",
              "nominees-0-rating": "HT"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )  # fmt: skip
    said = _text(checked.text)
    assert "Áp dụng tiêu chí theo Điều 24 Luật Thi đua, khen thưởng" in said
    assert "(Điều 24 Luật Thi đua, khen thưởng)" not in said  # its basis said once


async def test_system_history_in_english_and_a_withdrawal_needs_its_reason(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id = await new_dossier(client, people, "Phạm Văn Đức")
    csrf = await sign_in(client, people.username("U", "officer"))
    english = _text((await client.get(f"/ho-so/{dossier_id}?lang=en")).text)
    assert "Nomination dossier submitted" in english
    assert "Nộp hồ sơ đề nghị khen thưởng" not in english
    refused = await client.post(
        f"/ho-so/{dossier_id}/rut?lang=vi", data={"csrf_token": csrf, "comment": "  "}
    )
    assert refused.status_code == 422
    error = re.search(r'id="e-withdraw-comment">([^<]*)<', refused.text)
    assert error
    assert error.group(1) == "Lý do rút hồ sơ: bắt buộc nhập"
    assert await _status(client, people, dossier_id) == "in_review"  # nothing changed


async def test_a_used_decision_number_is_named_with_its_field(
    client: httpx.AsyncClient, people: People
) -> None:
    first = await new_dossier(client, people, "Lê Thị Mai")
    second = await new_dossier(client, people, "Hoàng Văn Nam")
    chair = await bearer(client, people.username("D", "chair"))
    number = f"{re.sub(r'[^0-9]', '', first)[-6:] or '7'}/QĐ-UBND"
    done = await client.post(
        f"/api/v1/dossiers/{first}/decisions",
        json={"action": "approve", "comment": "Đồng ý", "decision_number": number},
        headers=chair,
    )
    assert done.status_code == 200, done.text
    csrf = await sign_in(client, people.username("D", "chair"))
    again = await client.post(
        f"/ho-so/{second}/quyet-dinh?lang=vi",
        data={"csrf_token": csrf, "action": "approve", "comment": "Đồng ý",
              "decision_number": number},
    )  # fmt: skip
    assert again.status_code == 409
    error = re.search(r'id="e-decide-decision_number">([^<]*)<', again.text)
    assert error
    assert html.unescape(error.group(1)) == f"Số quyết định “{number}”: đã được dùng"
    assert await _status(client, people, second) == "in_review"


async def test_admin_forms_say_their_label_once_and_trim_the_code(
    client: httpx.AsyncClient, people: People
) -> None:
    client.cookies.clear()
    login = await client.get("/login?lang=vi")
    await client.post(
        "/login",
        data={"csrf_token": csrf_of(login.text), "username": "admin", "password": ADMIN_PASSWORD},
    )
    csrf = csrf_of((await client.get("/quan-tri/tai-khoan")).text)
    user = await client.post(
        "/quan-tri/tai-khoan",
        data={"csrf_token": csrf, "username": "nguoi.moi", "full_name": "Người Mới",
              "password": "ngan", "org_code": people.orgs["U"], "roles": "viewer"},
    )  # fmt: skip
    assert user.status_code == 422
    said = _text(user.text)
    assert "Mật khẩu ban đầu: phải có ít nhất 8 ký tự" in said
    assert "Mật khẩu: " not in said
    code = f"X-{people.tag} "  # a trailing space: the code is the code
    org = await client.post(
        "/quan-tri/don-vi",
        data={"csrf_token": csrf, "code": code, "name": "Trường Tiểu học Cảnh Hưng",
              "level": "unit", "parent_code": people.orgs["D"], "kind": "internal"},
    )  # fmt: skip
    assert org.status_code == 303, _text(org.text)[:600]
    listed = await client.get("/quan-tri/don-vi")
    assert f'<code translate="no">X-{people.tag}</code>' in listed.text
    bad = await client.post(
        "/quan-tri/don-vi", data={"csrf_token": csrf, "code": "mã sai", "name": "Tên"}
    )
    assert bad.status_code == 422
    assert "Mã: " not in _text(bad.text)


async def test_round_form_summary_in_form_order_and_the_unit_level_word(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("P", "chair"))
    opened = await client.post("/dot-xet?lang=vi", data={"csrf_token": csrf, "year": "2026"})
    assert opened.status_code == 422
    summary = re.search(r'id="error-summary".*?</ul>', opened.text, re.S)
    assert summary
    keys = re.findall(r'href="#f-([a-z_]+)"', summary.group(0))
    assert keys.index("name") < keys.index("code")
    assert "Cơ sở" not in _text(opened.text)


async def test_a_draft_names_where_it_goes_and_its_nominees_wait_in_it(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    saved = await client.post(
        "/ho-so/moi?lang=vi",
        data={"csrf_token": csrf, "award_code": "GIAY_KHEN", "year": "2025",
              "summary": "Nháp", "nominee_count": "1", "nominees-0-name": "Mạc Thị Duyên",
              "nominees-0-kind": "individual", "draft": "1"},
    )  # fmt: skip
    assert saved.status_code == 303, saved.text
    page = _text((await client.get(saved.headers["location"])).text)
    assert "Khi nộp, hồ sơ được chuyển đến UBND huyện Tiên Du" in page
    assert "Trong bản nháp, chưa nộp" in page
    assert "Đang xét" not in page


async def test_a_lookup_not_found_is_not_a_form_to_fix(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    page = await client.get("/cong-khai?ma=PA-ZZZZZZ&lang=vi")
    assert page.status_code == 404
    said = _text(page.text)
    assert "Không tra cứu được phản ánh:" in said
    assert "Chưa gửi được" not in said
