"""Excel in and out (contract §14): import nominees from .xlsx, export filtered lists."""

from __future__ import annotations

import io
from collections.abc import Sequence

import httpx
import openpyxl
import pytest

from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")
HEADERS = ("Họ và tên", "Đối tượng", "Chức vụ", "Giới tính", "Lao động trực tiếp")


def workbook(rows: Sequence[tuple[object, ...]], *, title_rows: int = 1) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def import_(
    client: httpx.AsyncClient,
    world: World,
    data: bytes,
    who: tuple[str, str] = ("U1", "officer"),
    filename: str = "danh-sach.xlsx",
    language: str | None = None,
    **fields: str,
) -> httpx.Response:
    form = {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
        "year": "2026",
        **fields,
    }
    return await client.post(
        "/api/v1/dossiers/import",
        data=form,
        files={"file": (filename, data, "")},
        headers={**world.as_(*who), **({"Accept-Language": language} if language else {})},
    )


async def count(client: httpx.AsyncClient, world: World) -> int:
    listed = await client.get("/api/v1/dossiers", headers=world.as_("U1", "officer"))
    return int(listed.json()["total"])


async def test_import_creates_the_dossier_with_every_row(
    client: httpx.AsyncClient, world: World
) -> None:
    rows: list[tuple[object, ...]] = [
        (f"Nguyễn Thị Hằng {i}", "Cá nhân", "Giáo viên", "Nữ", "Có" if i % 2 else "Không")
        for i in range(1, 151)
    ]
    rows.append(("Tổ Toán - Tin", "Tập thể", None, None, None))
    answer = await import_(client, world, workbook(rows, title_rows=2))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "in_review"
    assert [n["name"] for n in body["nominees"]] == [r[0] for r in rows]
    assert body["nominees"][-1]["kind"] == "collective"
    assert body["nominees"][0]["position"] == "Giáo viên"


async def test_one_bad_row_imports_nothing_and_names_the_row(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    rows: list[tuple[object, ...]] = [("Trần Văn Đức", "Cá nhân", "Kế toán", "Nam", "Có")] * 30
    rows[11] = ("Lê Văn Bình", "Công dân", "Kế toán", "Nam", "Có")  # sheet row 14
    rows[20] = (None, "Cá nhân", "Bảo vệ", None, None)  # sheet row 23: name missing
    answer = await import_(client, world, workbook(rows))
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert {k: errors[0][k] for k in ("row", "field")} == {"row": 14, "field": "Đối tượng"}
    assert "Công dân" in errors[0]["message"]
    assert errors[1]["row"] == 23
    assert errors[1]["field"] == "Họ và tên"
    assert "dòng 14, 23" in answer.json()["detail"]
    assert await count(client, world) == before


@pytest.mark.parametrize(
    ("data", "filename", "status"),
    [
        (b"%PDF-1.4\n", "danh-sach.xlsx", 415),  # not an xlsx at all
        (None, "danh-sach.xlsx", 422),  # an xlsx without the header row
    ],
)
async def test_bad_files(
    client: httpx.AsyncClient, world: World, data: bytes | None, filename: str, status: int
) -> None:
    if data is None:
        book = openpyxl.Workbook()
        book.active.append(["Tên", "Tuổi"])
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    answer = await import_(client, world, data, filename=filename)
    assert answer.status_code == status, answer.text


async def test_import_checks_the_create_fields_and_the_caller(
    client: httpx.AsyncClient, world: World
) -> None:
    data = workbook([("Phạm Quỳnh Anh", "Cá nhân", None, None, None)])
    wrong_award = await import_(client, world, data, award_code="KHONG_CO")
    assert wrong_award.status_code == 422
    bad_year = await import_(client, world, data, year="năm nay")
    assert bad_year.status_code == 422
    assert bad_year.json()["errors"][0]["field"] == "year"
    assert (await import_(client, world, data, who=("U1", "viewer"))).status_code == 403
    nul = await import_(client, world, data, summary="Thành tích\x00 xuất sắc")
    assert nul.status_code == 422
    assert nul.json()["errors"][0]["field"] == "summary"


async def test_dossiers_xlsx_uses_the_list_filters(client: httpx.AsyncClient, world: World) -> None:
    created = (await submit(client, world, proposer="U3")).json()
    answer = await client.get(
        "/api/v1/dossiers.xlsx", params={"status": "in_review"}, headers=world.as_("U3", "viewer")
    )
    assert answer.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("STT", "Mã hồ sơ", "Hình thức khen thưởng")
    ids = [r[1] for r in rows[1:]]
    assert created["id"] in ids
    assert all(r[4] == "Đang xét" for r in rows[1:])
    none = await client.get(
        "/api/v1/dossiers.xlsx",
        params={"status": "decided", "q": "không-có-hồ-sơ-nào"},
        headers=world.as_("U3", "viewer"),
    )
    assert len(list(openpyxl.load_workbook(io.BytesIO(none.content)).active.iter_rows())) == 1
    assert (
        await client.get(
            "/api/v1/dossiers.xlsx", params={"status": "x"}, headers=world.as_("U3", "viewer")
        )
    ).status_code == 422
