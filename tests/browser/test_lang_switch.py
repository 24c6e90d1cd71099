"""The language switch of every page leads to a page a GET can show, the same one in the other
language: a refused form (shown at the form's POST address) switches to the page the form
belongs to, and a list keeps its filters. Over ASGI (no browser)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_paper_pages import csrf_of, new_dossier, sign_in
from tests.browser.test_public_posting import _to_posting

pytestmark = pytest.mark.usefixtures("web_worker")
SWITCH = re.compile(r'<a class="lang" href="([^"]+)" data-testid="lang-switch"')


def switch_of(page: str) -> str:
    found = SWITCH.search(page)
    assert found, "no language switch on the page"
    return html.unescape(found.group(1))


async def _switches_to(
    client: httpx.AsyncClient, refused: httpx.Response, path: str, marker: str
) -> None:
    """``refused`` (a form shown again with its errors) switches to ``path`` in the other
    language, and that page answers a GET with ``marker`` on it."""
    assert 400 <= refused.status_code < 500, refused.text[:500]
    lang = re.search(r'<html lang="(\w+)">', refused.text)
    assert lang
    other = "en" if lang.group(1) == "vi" else "vi"
    url = urlsplit(switch_of(refused.text))
    assert url.path == path, (refused.url, url)
    assert parse_qs(url.query)["lang"] == [other]
    shown = await client.get(url.path + "?" + url.query)
    assert shown.status_code == 200, (url, shown.text[:300])
    assert f'<html lang="{other}">' in shown.text
    assert marker in shown.text


async def test_a_list_keeps_its_filters(client: httpx.AsyncClient, people: People) -> None:
    await sign_in(client, people.username("D", "chair"))
    page = await client.get("/ho-so?q=pham+van+duc&status=in_review&lang=vi")
    url = urlsplit(switch_of(page.text))
    assert url.path == "/ho-so"
    assert parse_qs(url.query) == {"q": ["pham van duc"], "status": ["in_review"], "lang": ["en"]}
    english = await client.get(url.path + "?" + url.query)
    assert '<html lang="en">' in english.text
    assert 'value="pham van duc"' in english.text


async def test_every_dossier_form_switches_to_the_dossier_page(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id = await new_dossier(client, people, "Ngô Thị Lan")
    page = f"/ho-so/{dossier_id}"
    csrf = await sign_in(client, people.username("D", "chair"))
    decide = await client.post(f"{page}/quyet-dinh", data={"csrf_token": csrf})
    await _switches_to(client, decide, page, dossier_id)
    extend = await client.post(f"{page}/gia-han", data={"csrf_token": csrf, "working_days": "x"})
    await _switches_to(client, extend, page, dossier_id)
    sign = await client.post(f"{page}/ky-quyet-dinh", data={})
    await _switches_to(client, sign, page, dossier_id)
    resolve = await client.post(f"{page}/phan-anh/PA-0000/xu-ly", data={})
    await _switches_to(client, resolve, page, dossier_id)

    csrf = await sign_in(client, people.username("U", "officer"))
    withdraw = await client.post(f"{page}/rut", data={"comment": "Rút"})
    await _switches_to(client, withdraw, page, dossier_id)
    resubmit = await client.post(f"{page}/trinh-lai", data={"comment": "Lại"})
    await _switches_to(client, resubmit, page, dossier_id)
    submit = await client.post(f"{page}/nop", data={"comment": "Nộp"})
    await _switches_to(client, submit, page, dossier_id)
    upload = await client.post(f"{page}/tai-lieu", data={"csrf_token": csrf, "kind": "to_trinh"})
    await _switches_to(client, upload, page, dossier_id)


async def test_the_new_nomination_and_import_forms_switch_to_the_form(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    new = await client.post("/ho-so/moi", data={"csrf_token": csrf, "nominee_count": "1"})
    await _switches_to(client, new, "/ho-so/moi", 'action="/ho-so/moi"')
    imported = await client.post(
        "/ho-so/nhap-excel", data={"csrf_token": csrf, "award_code": "GIAY_KHEN"}
    )
    await _switches_to(client, imported, "/ho-so/moi", 'action="/ho-so/nhap-excel"')


async def test_public_objection_form_switches_to_the_posting_page(
    client: httpx.AsyncClient, people: People, web_app: FastAPI
) -> None:
    dossier_id = await _to_posting(web_app, people)
    client.cookies.clear()
    page = await client.get("/cong-khai")
    sent = await client.post(
        f"/cong-khai/{dossier_id}/y-kien", data={"csrf_token": csrf_of(page.text), "content": ""}
    )
    await _switches_to(client, sent, "/cong-khai", 'action="/cong-khai#tra-cuu"')


async def test_rounds_admin_and_login_forms_switch_to_their_page(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("P", "chair"))
    opened = await client.post("/dot-xet", data={"csrf_token": csrf})
    await _switches_to(client, opened, "/dot-xet", 'action="/dot-xet"')

    client.cookies.clear()
    login = await client.get("/login?next=/quan-tri/lich")
    wrong = await client.post(
        "/login",
        data={"csrf_token": csrf_of(login.text), "username": "admin", "password": "sai",
              "next": "/quan-tri/lich"},
    )  # fmt: skip
    await _switches_to(client, wrong, "/login", 'action="/login"')
    signed = await client.post(
        "/login",
        data={"csrf_token": csrf_of(login.text), "username": "admin",
              "password": ADMIN_PASSWORD},
    )  # fmt: skip
    assert signed.status_code == 303
    csrf = csrf_of((await client.get("/quan-tri/don-vi")).text)
    org = await client.post("/quan-tri/don-vi", data={"csrf_token": csrf, "code": " "})
    await _switches_to(client, org, "/quan-tri/don-vi", 'action="/quan-tri/don-vi"')
    user = await client.post("/quan-tri/tai-khoan", data={"csrf_token": csrf})
    await _switches_to(client, user, "/quan-tri/tai-khoan", 'action="/quan-tri/tai-khoan"')
    own = people.username("U", "viewer")
    changed = await client.post(
        f"/quan-tri/tai-khoan/{own}", data={"csrf_token": csrf, "action": "password"}
    )
    await _switches_to(client, changed, "/quan-tri/tai-khoan", 'action="/quan-tri/tai-khoan"')
    day = await client.post("/quan-tri/lich?nam=2026", data={"csrf_token": csrf, "day": "x"})
    await _switches_to(client, day, "/quan-tri/lich", 'action="/quan-tri/lich"')
