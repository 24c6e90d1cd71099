"""Fast page tests over ASGI (no browser): login, language switch, escaping, CSRF."""

from __future__ import annotations

import re
import unicodedata

import httpx
import pytest
from fastapi import FastAPI

from api.schemas.orgs import UserCreate, UserRole
from api.services import orgs
from tests.browser.conftest import ADMIN, PASSWORD, People


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF field in the form"
    return match.group(1)


async def _signed_in(client: httpx.AsyncClient, username: str) -> httpx.Cookies:
    client.cookies.clear()
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": _csrf(page.text)},
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"
    return client.cookies


async def test_anonymous_inbox_redirects_to_login(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    response = await client.get("/")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text
    assert "Đăng nhập" in page.text
    assert unicodedata.is_normalized("NFC", page.text)


async def test_login_sets_httponly_lax_cookie_and_shows_inbox(
    client: httpx.AsyncClient, people: People
) -> None:
    client.cookies.clear()
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "username": people.username("D", "chair"),
            "password": PASSWORD,
            "csrf_token": _csrf(page.text),
        },
    )
    assert response.status_code == 303
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("tdkt_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    inbox = await client.get("/")
    assert inbox.status_code == 200
    assert "Việc cần xử lý" in inbox.text
    assert "Trần Văn Bình" in inbox.text


async def test_wrong_password_and_missing_csrf_are_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    client.cookies.clear()
    page = await client.get("/login")
    wrong = await client.post(
        "/login",
        data={
            "username": people.username("D", "chair"),
            "password": "sai-mat-khau",
            "csrf_token": _csrf(page.text),
        },
    )
    assert wrong.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    forged = await client.post(
        "/login",
        data={"username": people.username("D", "chair"), "password": PASSWORD, "csrf_token": "x"},
    )
    assert forged.status_code == 403
    assert "tdkt_session" not in forged.headers.get("set-cookie", "")


async def test_language_switch_sticks_in_a_cookie(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    english = await client.get("/login?lang=en")
    assert '<html lang="en">' in english.text
    assert "Sign in" in english.text
    again = await client.get("/login")
    assert '<html lang="en">' in again.text
    back = await client.get("/login?lang=vi")
    assert '<html lang="vi">' in back.text
    assert "Đăng nhập" in back.text


async def test_html_in_names_is_escaped(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    username = f"xss.{people.tag}".lower()
    async with web_app.state.tdkt.sessions() as session:
        await orgs.create_user(
            ip="127.0.0.1",
            session=session,
            principal=ADMIN,
            body=UserCreate(
                username=username,
                password=PASSWORD,
                full_name='<script>alert("x")</script> Phạm & Co',
                org_code=people.orgs["U"],
                roles=[UserRole.viewer],
            ),
        )
    await _signed_in(client, username)
    inbox = await client.get("/")
    assert inbox.status_code == 200
    assert '<script>alert("x")</script>' not in inbox.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Phạm &amp; Co" in inbox.text


async def test_logout_needs_csrf_and_clears_the_session(
    client: httpx.AsyncClient, people: People
) -> None:
    await _signed_in(client, people.username("U", "officer"))
    inbox = await client.get("/")
    assert inbox.status_code == 200
    response = await client.post("/logout", data={"csrf_token": _csrf(inbox.text)})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert (await client.get("/")).status_code == 303


async def test_assets_are_served_by_tdkt(client: httpx.AsyncClient) -> None:
    htmx = await client.get("/static/vendor/htmx/htmx.min.js")
    assert htmx.status_code == 200
    assert "htmx" in htmx.text[:2000]
    css = await client.get("/static/web/app.css")
    assert css.status_code == 200
    assert (await client.get("/static/web/..%2Fi18n.py")).status_code == 404


async def test_public_page_needs_no_login_and_shows_errors_next_to_the_field(
    client: httpx.AsyncClient,
) -> None:
    client.cookies.clear()
    page = await client.get("/cong-khai")
    assert page.status_code == 200
    assert "Công khai danh sách đề nghị khen thưởng" in page.text
    missing = await client.post(
        "/cong-khai/HS-2026-KHONGCO/y-kien",
        data={"content": "Ý kiến phản ánh đủ dài để hợp lệ", "csrf_token": _csrf(page.text)},
    )
    assert missing.status_code == 404
    assert "Không có hồ sơ HS-2026-KHONGCO đang niêm yết công khai" in missing.text


async def test_dashboard_draws_svg_charts(client: httpx.AsyncClient, people: People) -> None:
    await _signed_in(client, people.username("P", "chair"))
    page = await client.get("/thong-ke?lang=en")
    assert page.status_code == 200
    assert "Commendation statistics" in page.text
    assert page.text.count("<svg") >= 1 or "No data yet" in page.text
    assert "On-time ratio per level" in page.text
    client.cookies.set("tdkt_lang", "vi")


async def test_new_nomination_errors_are_shown_next_to_the_field(
    client: httpx.AsyncClient, people: People
) -> None:
    await _signed_in(client, people.username("U", "officer"))
    form = await client.get("/ho-so/moi")
    assert form.status_code == 200
    assert '<label for="f-award_code">' in form.text
    assert 'aria-required="true"' in form.text
    assert "(bắt buộc)" in form.text
    assert "maxlength" not in form.text  # limits are counted and checked, never cut
    response = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": _csrf(form.text),
            "award_code": "",
            "nominee_count": "1",
            "nominees-0-name": "Nguyễn <i>Văn</i> An",
            "nominees-0-kind": "individual",
        },
    )
    assert response.status_code == 422
    assert 'id="e-award_code"' in response.text
    assert "Nguyễn &lt;i&gt;Văn&lt;/i&gt; An" in response.text  # the row is kept, escaped
    wrong_kind = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": _csrf(form.text),
            "award_code": "TTLDTT",
            "year": "2025",
            "summary": "Hoàn thành xuất sắc nhiệm vụ",
            "nominee_count": "1",
            "nominees-0-name": "Nguyễn Văn An",
            "nominees-0-kind": "individual",
        },
    )
    assert wrong_kind.status_code == 422
    assert "Tập thể lao động tiên tiến chỉ xét tặng cho: tập thể" in wrong_kind.text
    assert 'class="err"' in wrong_kind.text


def _tied(html: str, key: str) -> str:
    """The error message tied to the control ``f-<key>`` (it names ``e-<key>``, is invalid)."""
    control = re.search(rf'<(?:input|select|textarea)[^>]*id="f-{re.escape(key)}"[^>]*>', html)
    assert control, f"no control f-{key}"
    assert re.search(rf'aria-describedby="[^"]*\be-{re.escape(key)}\b', control.group(0)), key
    assert 'aria-invalid="true"' in control.group(0), key
    message = re.search(rf'id="e-{re.escape(key)}">([^<]*)<', html)
    assert message, f"no error e-{key}"
    assert f'href="#f-{key}"' in html, f"the summary has no link to f-{key}"
    return message.group(1)


async def test_new_nomination_flags_every_missing_field_and_never_drops_or_cuts(
    client: httpx.AsyncClient, people: People
) -> None:
    await _signed_in(client, people.username("U", "officer"))
    form = await client.get("/ho-so/moi")
    empty = await client.post(
        "/ho-so/moi", data={"csrf_token": _csrf(form.text), "nominee_count": "1"}
    )
    assert empty.status_code == 422
    assert 'id="error-summary"' in empty.text
    assert _tied(empty.text, "award_code") == "Danh hiệu / hình thức khen thưởng: bắt buộc chọn"
    assert _tied(empty.text, "year") == "Năm thành tích: bắt buộc nhập"
    long_name = "Nguyễn Văn " + "A" * 320
    rows = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": _csrf(form.text),
            "award_code": "LDTT",
            "year": "2025",
            "nominee_count": "3",
            "nominees-0-name": "Trần Thị Bích",
            "nominees-1-name": "    ",
            "nominees-2-name": long_name,
        },
    )
    assert rows.status_code == 422
    assert "dòng 2" in _tied(rows.text, "nominees-1-name")  # a name of spaces: its row, kept
    assert "dòng 3" in _tied(rows.text, "nominees-2-name")
    assert "300" in _tied(rows.text, "nominees-2-name")
    assert f'value="{long_name}"' in rows.text  # shown back whole, not cut
    assert 'value="Trần Thị Bích"' in rows.text
    assert rows.text.count('data-name="name"') == 4  # three rows and the template row


async def test_eligibility_fragment(client: httpx.AsyncClient, people: People) -> None:
    await _signed_in(client, people.username("U", "officer"))
    form = await client.get("/ho-so/moi")
    response = await client.post(
        "/ho-so/kiem-tra",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "row": "0",
            "nominees-0-kind": "individual",
            "nominees-0-rating": "HTT",
        },
        headers={"X-CSRF-Token": _csrf(form.text), "HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Đủ điều kiện" in response.text or "Chưa đủ điều kiện" in response.text
    forged = await client.post("/ho-so/kiem-tra", data={"award_code": "LDTT"})
    assert forged.status_code == 403


@pytest.mark.usefixtures("web_worker")
async def test_chair_extends_the_deadline_on_the_dossier_page(
    client: httpx.AsyncClient, people: People
) -> None:
    token = await client.post(
        "/api/v1/auth/token",
        data={"username": people.username("U", "officer"), "password": PASSWORD},
    )
    created = await client.post(
        "/api/v1/dossiers",
        json={
            "proposer_org": people.orgs["U"],
            "award_code": "GIAY_KHEN",
            "summary": "Gia hạn thử",
            "nominees": [{"kind": "individual", "name": "Đỗ Văn Hùng"}],
        },
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
    assert created.status_code == 201, created.text
    dossier = created.json()
    before = dossier["stage"]["due_at"]
    await _signed_in(client, people.username("U", "officer"))
    officer_page = await client.get(f"/ho-so/{dossier['id']}")
    assert "/gia-han" not in officer_page.text  # only chairs extend
    await _signed_in(client, people.username("D", "chair"))
    page = await client.get(f"/ho-so/{dossier['id']}")
    assert 'action="/ho-so/' + dossier["id"] + '/gia-han"' in page.text
    # the chair sees each nominee's eligibility found at submission: a Giấy khen has no
    # automatic checks, so the council reviews it (never a green "Đủ điều kiện")
    assert 'data-eligibility="review">Cần Hội đồng xem xét<' in page.text
    empty = await client.post(
        f"/ho-so/{dossier['id']}/gia-han",
        data={"csrf_token": _csrf(page.text), "working_days": "", "comment": ""},
    )
    assert empty.status_code == 422
    assert 'id="e-extend-working_days"' in empty.text
    done = await client.post(
        f"/ho-so/{dossier['id']}/gia-han",
        data={"csrf_token": _csrf(page.text), "working_days": "5", "comment": "Chờ xác minh"},
    )
    assert done.status_code == 303, done.text
    after = (await client.get(f"/ho-so/{dossier['id']}")).text
    assert "Chờ xác minh" in after  # the extension is in the history at once
    read = await client.get(
        f"/api/v1/dossiers/{dossier['id']}",
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
    assert read.json()["stage"]["due_at"] > before


async def test_a_browser_gets_error_pages_in_its_language_not_json(
    client: httpx.AsyncClient, people: People
) -> None:
    await _signed_in(client, people.username("U", "officer"))
    html = {"Accept": "text/html,application/xhtml+xml"}
    missing = await client.get("/trang-khong-co", headers=html)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy" in missing.text
    assert "Nguyễn Thị Hoa" in missing.text  # the signed-in user's page, with its navigation
    out_of_range = await client.get("/ho-so", params={"page": "0"}, headers=html)
    assert out_of_range.status_code == 422
    assert "Trang: phải lớn hơn hoặc bằng 1" in out_of_range.text
    english = await client.get("/trang-khong-co", params={"lang": "en"}, headers=html)
    assert '<html lang="en">' in english.text
    assert "Not found." in english.text
    client.cookies.set("tdkt_lang", "vi")
    api = await client.get("/api/v1/khong-co", headers=html)
    assert api.headers["content-type"].startswith("application/problem+json")
