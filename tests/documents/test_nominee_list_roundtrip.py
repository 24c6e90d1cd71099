"""A dossier's nominee list (GET …/nominees.xlsx, contract §14) carries each nominee's birth date
(a real date cell shown dd/mm/yyyy) and CCCD (text, its leading zero kept), and the nominee
import (POST /dossiers/import) reads that same file back: the list once had neither column and
its name header was not the import's, so an exported list could not be imported at all.

A bad birth date or CCCD cell in the file is a 422 naming the row and the column header, judged
by the JSON create's own rules, and nothing is created. A CCCD that Excel stored as a number is
restored only when padding it to 12 digits is unambiguous (10 or 11 digits)."""

from __future__ import annotations

import io
from datetime import date

import httpx
import openpyxl
import pytest

from tests.api.conftest import World, submit
from tests.documents.test_excel import count, import_

pytestmark = pytest.mark.usefixtures("worker")
NOMINEES: list[dict[str, object]] = [
    {
        "kind": "individual",
        "name": "Vi Thị Hoa",
        "position": "Giáo viên",
        "birth_date": "1990-03-15",
        "identity_number": "001190004321",  # Hà Nội: the leading zeros must survive
    },
    {
        "kind": "individual",
        "name": "Lương Văn Hải",
        "birth_date": "1984-07-01",
        "identity_number": "027084001234",
    },
    {"kind": "collective", "name": "Tổ Toán"},
]
BIRTH, CCCD = 5, 6  # the columns (1-based) of "Ngày sinh" and "Số định danh" in the list


async def exported(client: httpx.AsyncClient, world: World) -> bytes:
    created = await submit(client, world, nominees=NOMINEES)
    assert created.status_code == 201, created.text
    answer = await client.get(
        f"/api/v1/dossiers/{created.json()['id']}/nominees.xlsx",
        headers=world.as_("U1", "viewer"),
    )
    assert answer.status_code == 200
    return answer.content


def edited(data: bytes, row: int, column: int, value: object, number_format: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = book.active.cell(row=row, column=column)
    cell.value = value
    cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_list_writes_birth_dates_as_dates_and_cccd_as_text(
    client: httpx.AsyncClient, world: World
) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(await exported(client, world))).active
    header = [c.value for c in sheet[2]]
    assert header[BIRTH - 1 : CCCD] == ["Ngày sinh", "Số định danh"]
    born, number = sheet.cell(row=3, column=BIRTH), sheet.cell(row=3, column=CCCD)
    assert born.is_date
    assert born.value.date() == date(1990, 3, 15)
    assert born.number_format == "DD/MM/YYYY"
    assert (number.data_type, number.value, number.number_format) == ("s", "001190004321", "@")
    assert sheet.cell(row=5, column=BIRTH).value is None  # the collective has neither


async def test_an_exported_list_imports_back_with_birth_dates_and_cccd(
    client: httpx.AsyncClient, world: World
) -> None:
    answer = await import_(client, world, await exported(client, world))
    assert answer.status_code == 201, answer.text
    shown = await client.get(
        f"/api/v1/dossiers/{answer.json()['id']}", headers=world.as_("U1", "officer")
    )
    found = [
        (n["name"], n["kind"], n["position"], n["birth_date"], n["identity_number"])
        for n in shown.json()["nominees"]
    ]
    assert found == [
        (n["name"], n["kind"], n.get("position"), n.get("birth_date"), n.get("identity_number"))
        for n in NOMINEES
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "restored"),
    [
        (1190004321, "0", "001190004321"),  # two zeros lost: 10 digits
        (27084001234, "0", "027084001234"),  # one zero lost: 11 digits
        ("027084001234", "@", "027084001234"),  # typed as text
    ],
)
async def test_a_cccd_that_lost_its_zeros_is_restored_when_unambiguous(
    client: httpx.AsyncClient, world: World, value: object, number_format: str, restored: str
) -> None:
    data = await exported(client, world)
    data = edited(data, 4, CCCD, value, number_format)
    if restored.startswith("001"):  # the number encodes 1990: the row's birth year too
        data = edited(data, 4, BIRTH, date(1990, 3, 15), "DD/MM/YYYY")
    data = edited(data, 3, CCCD, None, "General")  # one number per file: no duplicate
    answer = await import_(client, world, data)
    assert answer.status_code == 201, answer.text
    shown = await client.get(
        f"/api/v1/dossiers/{answer.json()['id']}", headers=world.as_("U1", "officer")
    )
    assert shown.json()["nominees"][1]["identity_number"] == restored


@pytest.mark.parametrize(
    ("column", "value", "number_format", "said"),
    [
        (BIRTH, "31/02/1984", "@", "Ngày không hợp lệ"),  # no such day
        (BIRTH, "1984", "@", "Ngày không hợp lệ"),  # a year, not a date
        (BIRTH, 1984, "0", "Ngày không hợp lệ"),  # a number cell
        (BIRTH, "01/07/2999", "@", "tương lai"),  # the JSON create's rule: not in the future
        (CCCD, 270840012, "0", "dạng văn bản"),  # 9 digits: a CMND, not a CCCD lost zeros
        (CCCD, 1270840012345, "0", "dạng văn bản"),  # 13 digits
        (CCCD, 27084001234.5, "0.0", "dạng văn bản"),  # a fraction
        (CCCD, True, "General", "dạng văn bản"),  # a true/false cell
        (CCCD, "02708400123", "@", "12 chữ số"),  # text: 11 digits are not restored
        (CCCD, "999084001234", "@", "999"),  # no such province
        (CCCD, "027090001234", "@", "1990"),  # encodes another birth year than 1984
    ],
)
async def test_a_bad_cell_is_422_naming_row_and_column_and_creates_nothing(
    client: httpx.AsyncClient,
    world: World,
    column: int,
    value: object,
    number_format: str,
    said: str,
) -> None:
    data = edited(await exported(client, world), 4, column, value, number_format)
    before = await count(client, world)
    answer = await import_(client, world, data)
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    header = {BIRTH: "Ngày sinh", CCCD: "Số định danh"}[column]
    assert (error["row"], error["field"]) == (4, header), error
    assert said in error["message"], error
    assert await count(client, world) == before


async def test_one_person_twice_is_422_naming_the_second_row_and_creates_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    """The create's own refusal of a nominee (the same CCCD on two rows) names the row and the
    column too, not ``nominees[1].identity_number``."""
    data = await exported(client, world)
    data = edited(data, 4, BIRTH, date(1990, 3, 15), "DD/MM/YYYY")
    data = edited(data, 4, CCCD, "001190004321", "@")  # row 3's number
    before = await count(client, world)
    answer = await import_(client, world, data)
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert (error["row"], error["field"]) == (4, "Số định danh"), error
    assert "001190004321" in error["message"], error
    assert "dòng 4" in answer.json()["detail"]
    assert await count(client, world) == before
