"""A multipart part sent twice is refused by name on every upload and import (outside audit A4
§11): `kind=khac` then `kind=to_trinh` was stored as the last one; now which of the two was
meant is not guessed, as with a repeated JSON key. 422 naming the field, nothing stored."""

from __future__ import annotations

import io
import uuid

import httpx
import openpyxl
import pytest

from tests.api.conftest import World
from tests.documents.samples import PDF
from tests.documents.test_attachments import new_dossier
from tests.documents.test_excel import count, workbook

pytestmark = pytest.mark.usefixtures("worker")

REPEATED_VI = "trường này được gửi hai lần; chỉ gửi một giá trị"
REPEATED_EN = "this field was sent twice; send one value only"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _only_error(answer: httpx.Response, field: str) -> str:
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    message: str = errors[0]["message"]
    return message


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_an_attachment_with_two_kinds_is_refused(
    client: httpx.AsyncClient, world: World, language: str
) -> None:
    dossier_id = await new_dossier(client, world)
    path = f"/api/v1/dossiers/{dossier_id}/attachments"
    headers = {**world.as_("U1", "officer"), "Accept-Language": language}
    before = (await client.get(path, headers=headers)).json()
    answer = await client.post(
        path,
        data={"kind": ["khac", "to_trinh"]},
        files={"file": ("to-trinh.pdf", PDF, "application/pdf")},
        headers=headers,
    )
    message = _only_error(answer, "kind")
    assert (REPEATED_VI if language == "vi" else REPEATED_EN) in message
    if language == "vi":
        assert message.startswith("Loại")
    assert (await client.get(path, headers=headers)).json() == before


@pytest.mark.parametrize("field", ["proposer_org", "summary", "draft"])
async def test_a_dossier_import_with_a_field_twice_is_refused(
    client: httpx.AsyncClient, world: World, field: str
) -> None:
    before = await count(client, world)
    form: dict[str, str | list[str]] = {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
        "year": "2026",
        "draft": "true",
    }
    form[field] = {
        "proposer_org": [world.code("U1"), world.code("U2")],
        "summary": ["Thành tích A", "Thành tích B"],
        "draft": ["false", "true"],
    }[field]
    data = workbook([("Lý Thị Mai", "Cá nhân", "Kế toán", "Nữ", "Không")])
    answer = await client.post(
        "/api/v1/dossiers/import",
        data=form,
        files={"file": ("danh-sach.xlsx", data, XLSX)},
        headers=world.as_("U1", "officer"),
    )
    assert REPEATED_VI in _only_error(answer, field)
    assert await count(client, world) == before


def _registry_book(name: str, org: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Họ tên",
            "Ngày sinh",
            "Số định danh",
            "Mã đơn vị",
            "Mã danh hiệu",
            "Năm",
            "Số quyết định",
            "Ngày quyết định",
        ]
    )
    sheet.append([name, "1985-03-04", None, org, "LDTT", 2024, "19/QĐ-UBND", "2024-12-20"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_registry_import_with_a_part_twice_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    name = f"Đặng Văn Lặp {uuid.uuid4().hex[:4]}"
    headers = world.as_("U1", "officer")
    answer = await client.post(
        "/api/v1/registry/import",
        data={"ghi_chu": ["một", "hai"]},
        files={"file": ("so.xlsx", _registry_book(name, world.code("U1")), XLSX)},
        headers=headers,
    )
    assert REPEATED_VI in _only_error(answer, "ghi_chu")
    found = await client.get("/api/v1/registry", params={"q": name}, headers=headers)
    assert found.json()["total"] == 0


async def test_a_signing_certificate_with_two_passwords_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    code = world.code("U1")
    path = f"/api/v1/orgs/{code}/signing-certificate"
    before = await client.get(path, headers=world.admin)
    answer = await client.put(
        path,
        data={"password": ["mat-khau", "mat-khau-khac"]},
        files={"file": ("con-dau.p12", b"not read", "application/x-pkcs12")},
        headers=world.admin,
    )
    assert REPEATED_VI in _only_error(answer, "password")
    after = await client.get(path, headers=world.admin)
    assert (after.status_code, after.text) == (before.status_code, before.text)
