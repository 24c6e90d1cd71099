"""The nominee import takes each nominee's registry identity (contract §12) as the JSON create
does: "Ngày sinh" (a date cell or dd/mm/yyyy text) and "Số định danh" (a CCCD, its leading
zeros restored when Excel stored it as a number). A cell neither can read is a row error naming
the column, and nothing is created (the import once had no such columns: a nominee imported
from a sheet could not be matched to the registry by CCCD)."""

from __future__ import annotations

import io
from datetime import date

import httpx
import openpyxl
import pytest

from tests.api.conftest import World
from tests.documents.test_excel import count, import_

pytestmark = pytest.mark.usefixtures("worker")
HEADERS = ("Họ và tên", "Đối tượng", "Ngày sinh", "Số định danh")


def sheet(rows: list[tuple[object, ...]]) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_birth_date_and_cccd_reach_the_dossier(
    client: httpx.AsyncClient, world: World
) -> None:
    data = sheet(
        [
            ("Lương Văn Hải", "Cá nhân", date(1984, 7, 1), 27084001234),  # 027… as a number
            ("Vi Thị Hoa", "Cá nhân", "15/03/1990", "001190004321"),
            ("Tổ Văn", "Tập thể", None, None),
        ]
    )
    answer = await import_(client, world, data)
    assert answer.status_code == 201, answer.text
    shown = await client.get(
        f"/api/v1/dossiers/{answer.json()['id']}", headers=world.as_("U1", "officer")
    )
    found = [(n["birth_date"], n["identity_number"]) for n in shown.json()["nominees"]]
    assert found == [
        ("1984-07-01", "027084001234"),
        ("1990-03-15", "001190004321"),
        (None, None),
    ]


@pytest.mark.parametrize(
    ("cells", "column", "said"),
    [
        (("31/02/1984", None), "Ngày sinh", "không hợp lệ"),
        (("01/07/1984", "02708400123"), "Số định danh", "12 chữ số"),
        (("01/07/1984", "0270840012ab"), "Số định danh", "12 chữ số"),
        (("01/07/1984", "027090001234"), "Số định danh", "1990"),  # the CCCD's birth year
    ],
)
async def test_a_bad_identity_cell_names_its_column_and_creates_nothing(
    client: httpx.AsyncClient, world: World, cells: tuple[object, ...], column: str, said: str
) -> None:
    before = await count(client, world)
    data = sheet([("Lương Văn Hải", "Cá nhân", None, None), ("Vi Thị Hoa", "Cá nhân", *cells)])
    answer = await import_(client, world, data)
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert (error["row"], error["field"]) == (3, column), error
    assert said in error["message"], error
    assert await count(client, world) == before
