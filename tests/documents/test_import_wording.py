"""The nominee import's refusals name their field and the file types by name: a control
character in a form field says which field (it said "Có ký tự điều khiển" alone), a file of the
wrong type names the types ("tệp Excel (.xlsx)", never a MIME type); nothing is created."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World
from tests.documents.test_excel import count, import_, workbook

pytestmark = pytest.mark.usefixtures("worker")
ROWS = [("Phạm Quỳnh Anh", "Cá nhân", None, None, None)]


@pytest.mark.parametrize(
    ("language", "label"), [(None, "Tóm tắt thành tích: "), ("en", "Summary of achievements: ")]
)
async def test_a_control_character_names_its_field(
    client: httpx.AsyncClient, world: World, language: str | None, label: str
) -> None:
    before = await count(client, world)
    answer = await import_(
        client, world, workbook(ROWS), summary="Thành tích\x07 xuất sắc", language=language
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert error["field"] == "summary"
    assert error["message"].startswith(label), error["message"]
    assert await count(client, world) == before


async def test_a_file_of_another_type_is_named_not_typed(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    answer = await import_(client, world, pdf, filename="danh-sach.xlsx")
    assert answer.status_code == 415, answer.text
    detail = answer.json()["detail"]
    assert detail == "Phần mở rộng '.xlsx' không khớp nội dung tệp (tệp PDF)"
    assert answer.json()["errors"] == [{"field": "file", "message": f"Tệp: {detail}"}]
    english = await import_(client, world, pdf, filename="danh-sach.xlsx", language="en")
    assert english.json()["detail"] == "The extension '.xlsx' does not match the content (PDF file)"
    assert await count(client, world) == before


async def test_a_declared_type_is_named_too(client: httpx.AsyncClient, world: World) -> None:
    answer = await client.post(
        "/api/v1/dossiers/import",
        data={
            "proposer_org": world.code("U1"),
            "award_code": "GIAY_KHEN",
            "summary": "Hoàn thành xuất sắc nhiệm vụ",
        },
        files={"file": ("danh-sach.xlsx", workbook(ROWS), "application/pdf")},
        headers=world.as_("U1", "officer"),
    )
    assert answer.status_code == 415, answer.text
    detail = answer.json()["detail"]
    assert detail == "Tệp được khai báo là tệp PDF nhưng nội dung là tệp Excel (.xlsx)"


async def test_a_field_the_import_does_not_take_is_named(
    client: httpx.AsyncClient, world: World
) -> None:
    answer = await import_(client, world, workbook(ROWS), nominees="[]")
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert error["field"] == "nominees"
    assert error["message"].startswith("Danh sách đối tượng"), error["message"]
