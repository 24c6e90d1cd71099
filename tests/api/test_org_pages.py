"""The admin page of one org, /quan-tri/don-vi/<code>: the edit form (only what was changed is
sent; refusals in Vietnamese next to their field, nothing changed) and the signing certificate
(upload with its password, its public facts shown; a damaged file, a wrong password or an
expired certificate refused by field, nothing stored)."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import ADMIN_PASSWORD, PASSWORD, World
from tests.api.test_org_certificate import fingerprint, p12


async def _web(app: FastAPI, username: str, password: str) -> httpx.AsyncClient:
    web = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://tdkt.test")
    await web.get("/login")
    form = {"username": username, "password": password, "csrf_token": web.cookies["tdkt_csrf"]}
    assert (await web.post("/login", data=form)).status_code == 303
    return web


@pytest.fixture
async def admin_web(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    web = await _web(app, "admin", ADMIN_PASSWORD)
    yield web
    await web.aclose()


def text_of(page: httpx.Response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)))


async def new_unit(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    body = {
        "code": f"WP-{uuid.uuid4().hex[:6].upper()}",
        "name": "Trường Mầm non Hoa Sen",
        "level": "unit",
        "parent_code": world.code("D1"),
    }
    created = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    found: dict[str, Any] = created.json()
    return found


async def read(client: httpx.AsyncClient, world: World, code: str) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/api/v1/orgs/{code}", headers=world.admin)).json()
    return found


def form_of(org: dict[str, Any], csrf: str, **typed: str) -> dict[str, str]:
    """The edit form as the page fills it, with ``typed`` changed."""
    shown = {k: org[k] or "" for k in ("name", "kind", "doc_symbol", "locality")}
    return {"csrf_token": csrf, **shown, **typed}


async def test_the_list_links_each_org_to_its_page(
    client: httpx.AsyncClient, world: World, admin_web: httpx.AsyncClient
) -> None:
    org = await new_unit(client, world)
    listing = await admin_web.get("/quan-tri/don-vi")
    assert f'href="/quan-tri/don-vi/{org["code"]}"' in listing.text
    page = await admin_web.get(f"/quan-tri/don-vi/{org['code']}")
    assert page.status_code == 200
    words = text_of(page)
    assert "Sửa thông tin đơn vị" in words
    assert "Đơn vị chưa có chứng thư ký số." in words
    assert 'value="Trường Mầm non Hoa Sen"' in page.text


async def test_an_admin_edits_an_org_and_the_page_says_so(
    client: httpx.AsyncClient, world: World, admin_web: httpx.AsyncClient
) -> None:
    org = await new_unit(client, world)
    path = f"/quan-tri/don-vi/{org['code']}"
    csrf = admin_web.cookies["tdkt_csrf"]
    sent = form_of(org, csrf, name="Trường Mầm non Hoa Sen 2", kind="legal_entity")
    sent |= {"doc_symbol": "MNHS2", "locality": "Tiên Du"}
    done = await admin_web.post(path, data=sent)
    assert done.status_code == 303, done.text[:500]
    after = await read(client, world, org["code"])
    assert {k: after[k] for k in ("name", "kind", "doc_symbol", "locality")} == {
        "name": "Trường Mầm non Hoa Sen 2",
        "kind": "legal_entity",
        "doc_symbol": "MNHS2",
        "locality": "Tiên Du",
    }
    page = await admin_web.get(done.headers["location"])
    assert "Đã lưu thay đổi của đơn vị Trường Mầm non Hoa Sen 2." in text_of(page)
    # an emptied place name follows the tree again; fields left as shown are not sent
    again = await admin_web.post(path, data=form_of(after, csrf, locality=""))
    assert again.status_code == 303
    assert (await read(client, world, org["code"]))["locality"] == org["locality"]
    log = await client.get("/api/v1/audit", params={"action": "org.updated"}, headers=world.admin)
    targets = [e["target"] for e in log.json()["items"] if e["target"].startswith(org["code"])]
    assert sorted(targets) == sorted(
        [f"{org['code']} [doc_symbol,kind,locality,name]", f"{org['code']} [locality]"]
    )


WEB_REFUSALS = [
    ({"name": "   "}, "name", "Tên đơn vị"),
    ({"name": "A" * 301}, "name", "300"),
    ({"doc_symbol": "QĐ/UBND"}, "doc_symbol", "Ký hiệu văn bản"),
    ({"locality": "B" * 101}, "locality", "Địa danh"),
    ({"kind": "cooperative"}, "kind", "Loại đơn vị cơ sở"),
]


@pytest.mark.parametrize(("typed", "field", "words"), WEB_REFUSALS)
async def test_web_refusals_name_the_field_and_change_nothing(
    client: httpx.AsyncClient,
    world: World,
    admin_web: httpx.AsyncClient,
    typed: dict[str, str],
    field: str,
    words: str,
) -> None:
    org = await new_unit(client, world)
    page = await admin_web.post(
        f"/quan-tri/don-vi/{org['code']}",
        data=form_of(org, admin_web.cookies["tdkt_csrf"], **typed),
    )
    assert page.status_code == 422, page.text[:300]
    error = re.search(rf'id="e-{field}">([^<]+)<', page.text)
    assert error is not None, page.text
    assert words in html.unescape(error.group(1))
    assert 'aria-invalid="true"' in page.text
    assert await read(client, world, org["code"]) == org


async def test_unchanged_form_says_nothing_to_change(
    client: httpx.AsyncClient, world: World, admin_web: httpx.AsyncClient
) -> None:
    org = await new_unit(client, world)
    page = await admin_web.post(
        f"/quan-tri/don-vi/{org['code']}", data=form_of(org, admin_web.cookies["tdkt_csrf"])
    )
    assert page.status_code == 422
    assert "Không có thông tin nào cần thay đổi." in text_of(page)


async def test_csrf_non_admins_and_unknown_orgs(
    app: FastAPI, client: httpx.AsyncClient, world: World, admin_web: httpx.AsyncClient
) -> None:
    org = await new_unit(client, world)
    path = f"/quan-tri/don-vi/{org['code']}"
    forged = await admin_web.post(path, data=form_of(org, "x" * 40, name="Giả mạo"))
    assert forged.status_code == 403
    chair = await _web(app, f"chair.d1.{world.tag}".lower(), PASSWORD)
    try:
        assert (await chair.get(path)).status_code == 403
        sent = form_of(org, chair.cookies["tdkt_csrf"], name="Giả mạo")
        assert (await chair.post(path, data=sent)).status_code == 403
        upload = await chair.post(
            f"{path}/chung-thu",
            data={"csrf_token": chair.cookies["tdkt_csrf"], "password": "mat-khau"},
            files={"file": ("a.p12", p12("Giả mạo"), "application/x-pkcs12")},
        )
        assert upload.status_code == 403
    finally:
        await chair.aclose()
    assert await read(client, world, org["code"]) == org
    missing = await admin_web.get("/quan-tri/don-vi/KHONG-CO")
    assert missing.status_code == 404
    assert "KHONG-CO" in text_of(missing)


async def _upload(
    web: httpx.AsyncClient, code: str, data: bytes, password: str, csrf: str | None = None
) -> httpx.Response:
    return await web.post(
        f"/quan-tri/don-vi/{code}/chung-thu",
        data={"csrf_token": csrf or web.cookies["tdkt_csrf"], "password": password},
        files={"file": ("con-dau.p12", data, "application/x-pkcs12")},
    )


async def test_an_admin_sets_the_certificate_and_sees_its_facts(
    client: httpx.AsyncClient, world: World, admin_web: httpx.AsyncClient
) -> None:
    org = await new_unit(client, world)
    data = p12("Trường Mầm non Hoa Sen")
    done = await _upload(admin_web, org["code"], data, "mat-khau")
    assert done.status_code == 303, done.text[:500]
    words = text_of(await admin_web.get(done.headers["location"]))
    assert "Đã cài chứng thư ký số cho Trường Mầm non Hoa Sen." in words
    assert "CN=Trường Mầm non Hoa Sen,O=ORG,C=VN" in words
    assert "CN=CA thử nghiệm chứng thư,O=tdkt,C=VN" in words
    assert fingerprint(data) in words
    assert re.search(r"Hiệu lực từ \d\d/\d\d/\d{4} \d\d:\d\d Hiệu lực đến \d\d/\d\d/\d{4}", words)


CERT_REFUSALS = [
    (lambda: p12("Sai"), "sai", "cert-password", "Mật khẩu không mở được tệp PKCS#12"),
    (lambda: b"khong phai p12", "mat-khau", "cert-file", "không phải PKCS#12"),
    (lambda: p12("Cũ", days=-1), "mat-khau", "cert-file", "đã hết hạn ngày"),
    (lambda: b"", "mat-khau", "cert-file", "Thiếu tệp PKCS#12"),
]


@pytest.mark.parametrize(("data", "password", "key", "words"), CERT_REFUSALS)
async def test_certificate_refusals_by_field_store_nothing(
    client: httpx.AsyncClient,
    world: World,
    admin_web: httpx.AsyncClient,
    data: Any,
    password: str,
    key: str,
    words: str,
) -> None:
    org = await new_unit(client, world)
    page = await _upload(admin_web, org["code"], data(), password)
    assert page.status_code == 422, page.text[:300]
    error = re.search(rf'id="e-{key}">([^<]+)<', page.text)
    assert error is not None, page.text
    assert words in html.unescape(error.group(1))
    assert "Đơn vị chưa có chứng thư ký số." in text_of(page)
    stored = await client.get(
        f"/api/v1/orgs/{org['code']}/signing-certificate", headers=world.admin
    )
    assert stored.status_code == 404


async def test_a_forged_upload_is_refused_before_the_file_is_read(
    client: httpx.AsyncClient, world: World, admin_web: httpx.AsyncClient
) -> None:
    org = await new_unit(client, world)
    page = await _upload(admin_web, org["code"], p12("Giả"), "mat-khau", csrf="y" * 40)
    assert page.status_code == 403
    stored = await client.get(
        f"/api/v1/orgs/{org['code']}/signing-certificate", headers=world.admin
    )
    assert stored.status_code == 404
