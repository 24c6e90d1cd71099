"""The dossier import reads every header it is given or refuses it (audit A4 §3), and its row
numbers are the sheet's (A4 §12): "Loại đối tượng", "Gioi tinh", "So dinh danh", "CCCD" name
their columns; a header naming none is refused on its row with the columns accepted listed; a
repeated nominee is refused on its row, citing the sheet row of the first. Nothing is created."""

from __future__ import annotations

import io
from collections.abc import Sequence

import httpx
import openpyxl
import pytest

from tests.api.conftest import World
from tests.documents.test_excel import count, import_

pytestmark = pytest.mark.usefixtures("worker")
ACCEPTED = (
    "Các cột được nhận: Họ và tên, Đối tượng, Chức vụ, Giới tính, Lao động trực tiếp, "
    "Dân tộc thiểu số, Xếp loại, Số định danh, Ngày sinh"
)


def sheet(header: Sequence[object], rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_audit_s_kind_column_is_read_so_a_collective_is_not_an_individual(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    data = sheet(
        ["Họ và tên", "Loại đối tượng", "Chức vụ"],
        [["Nguyễn Văn Một", "Cá nhân", "GV"], ["Tổ Toán", "Tập thể", ""]],
    )
    answer = await import_(client, world, data, award_code="LDTT")
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert (error["row"], error["field"]) == (3, "Đối tượng")
    assert error["message"] == "Lao động tiên tiến chỉ xét tặng cho: cá nhân"
    assert await count(client, world) == before


async def test_headers_without_diacritics_keep_what_the_officer_typed(
    client: httpx.AsyncClient, world: World
) -> None:
    data = sheet(
        ["HO VA TEN", "Loai doi tuong", "Gioi tinh", "So dinh danh", "Ngay sinh", None, None],
        [["Trần Thị Hai", "Ca nhân", "Nữ", "001185000129", "04/03/1985"]],
    )
    refused = await import_(client, world, data)
    assert refused.status_code == 422  # "Ca nhân" is no kind: the kind column is read
    assert refused.json()["errors"][0]["field"] == "Đối tượng"
    data = sheet(
        ["HO VA TEN", "Loai doi tuong", "Gioi tinh", "CCCD", "Ngay sinh", None, None],
        [["Trần Thị Hai", "Cá nhân", "Nữ", "001185000129", "04/03/1985"]],
    )
    answer = await import_(client, world, data)
    assert answer.status_code == 201, answer.text
    read = await client.get(
        f"/api/v1/dossiers/{answer.json()['id']}", headers=world.as_("U1", "officer")
    )
    (nominee,) = read.json()["nominees"]
    assert (nominee["identity_number"], nominee["birth_date"]) == ("001185000129", "1985-03-04")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (None, "Cột “Quê quán” (cột D) không phải cột của mẫu nhập nên không đọc được; "
         f"sửa tiêu đề cho đúng hoặc xoá cột này. {ACCEPTED}"),
        ("en", "The column “Quê quán” (column D) is not a column of the import and cannot be "
         "read; correct its header or delete the column. The columns accepted: Họ và tên, "
         "Đối tượng, Chức vụ, Giới tính, Lao động trực tiếp, Dân tộc thiểu số, Xếp loại, "
         "Số định danh, Ngày sinh"),
    ],
)  # fmt: skip
async def test_a_header_naming_no_column_is_refused_and_nothing_is_created(
    client: httpx.AsyncClient, world: World, language: str | None, message: str
) -> None:
    before = await count(client, world)
    data = sheet(
        ["Họ và tên", "Đối tượng", "Chức vụ", "Quê quán", None],
        [["Lê Văn Ba", "Cá nhân", "Giáo viên", "chuyển trường"]],
    )
    answer = await import_(client, world, data, language=language)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [{"row": 1, "field": "Quê quán", "message": message}]
    assert await count(client, world) == before


async def test_a_column_given_twice_is_refused(client: httpx.AsyncClient, world: World) -> None:
    before = await count(client, world)
    data = sheet(["Họ và tên", "Giới tính", "Gioi tinh"], [["Lê Văn Bốn", "Nam", "Nữ"]])
    answer = await import_(client, world, data)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {
            "row": 1,
            "field": "Gioi tinh",
            "message": "Cột “Gioi tinh” (cột C) trùng với cột Giới tính (B); "
            "mỗi cột chỉ được có một lần",
        }
    ]
    assert await count(client, world) == before


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (None, "Nguyễn Văn Một đã có ở dòng 2; mỗi người, mỗi tập thể chỉ được đề nghị một lần "
         "trong hồ sơ"),
        ("en", "Nguyễn Văn Một is already on the list at row 2; each person or collective may "
         "be proposed only once in a dossier"),
    ],
)  # fmt: skip
async def test_a_repeated_nominee_is_refused_on_its_row_citing_the_first_s_row(
    client: httpx.AsyncClient, world: World, language: str | None, message: str
) -> None:
    before = await count(client, world)
    data = sheet(
        ["Họ và tên", "Đối tượng"], [["Nguyễn Văn Một", "Cá nhân"], ["Nguyễn Văn Một", "Cá nhân"]]
    )
    answer = await import_(client, world, data, language=language)
    assert answer.status_code == 422, answer.text
    field = "Họ và tên"
    assert answer.json()["errors"] == [{"row": 3, "field": field, "message": message}]
    assert await count(client, world) == before


async def test_a_repeated_identity_number_cites_the_first_s_row(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    data = sheet(
        ["STT", "Họ và tên", "Số CCCD"],
        [[1, "Đỗ Văn Năm", "001185000129"], [2, "Đỗ Văn Sáu", "001185000129"]],
    )
    answer = await import_(client, world, data)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {
            "row": 3,
            "field": "Số định danh",
            "message": "Số định danh 001185000129 của Đỗ Văn Sáu trùng với dòng 2 (Đỗ Văn Năm); "
            "mỗi người chỉ được đề nghị một lần trong hồ sơ",
        }
    ]
    assert await count(client, world) == before


async def test_every_cell_meets_the_create_s_text_rule(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    data = sheet(["Họ và tên", "Giới tính"], [["Lê Văn Bảy", "Nam\u202e"]])
    answer = await import_(client, world, data)
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert (error["row"], error["field"]) == (2, "Giới tính")
    assert error["message"] == "Có ký tự đảo chiều hiển thị văn bản U+202E không được phép"
    assert await count(client, world) == before
