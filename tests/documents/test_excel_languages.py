"""Excel in and out in the reader's language: the nominee import's row and file errors carry
no pydantic or openpyxl English, and the dossier-list export's headings and statuses follow
Accept-Language (Vietnamese by default)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx
import openpyxl
import pytest

from api.services.nominee_sheet import COLUMNS, VALUES
from core import i18n
from tests.api.conftest import World, submit
from tests.documents.test_excel import import_, workbook
from tests.support.languages import (
    VIETNAMESE_LETTER,
    assert_english,
    assert_vietnamese,
    english_in,
)

LANGS = {"vi": {"Accept-Language": "vi-VN"}, "en": {"Accept-Language": "en"}}
# The file's format: its headers and the values its cells may hold (Vietnamese by design).
FORMAT = [*COLUMNS, *(value for values in VALUES.values() for value in values)]


async def refused(
    client: httpx.AsyncClient, world: World, data: bytes, lang: str
) -> dict[str, Any]:
    answer = await import_(client, world, data, language=LANGS[lang]["Accept-Language"])
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-language"] == lang
    return dict(answer.json())


def check(problem: dict[str, Any], lang: str, echoed: list[str]) -> None:
    if lang == "vi":
        assert_vietnamese(problem)
    else:
        assert_english(problem, [*echoed, *FORMAT])


async def test_bad_nominee_rows_in_both_languages(client: httpx.AsyncClient, world: World) -> None:
    rows: list[tuple[object, ...]] = [  # a title row, then the header (row 2)
        ("Trần Văn Đức", "Cá nhân", "Kế toán", "Nam", "Có"),
        ("Lê Văn Bình", "Công dân", None, None, None),  # row 4: not a kind
        ("N" * 301, "Cá nhân", None, None, None),  # row 5: name too long
        ("Phạm Thị Lan", "Cá nhân", "C" * 301, None, None),  # row 6: position too long
        ("Hà Văn Sơn", "Cá nhân", None, "Không rõ", None),  # row 7: not a gender
        ("Vũ Thị Hoa", "Cá nhân", None, None, "Đôi khi"),  # row 8: not yes or no
        (None, "Cá nhân", "Bảo vệ", None, None),  # row 9: no name
    ]
    echoed = [str(cell) for row in rows for cell in row if cell is not None]
    answers = {lang: await refused(client, world, workbook(rows), lang) for lang in LANGS}
    for lang, problem in answers.items():
        check(problem, lang, echoed)
        fields = [(e["row"], e["field"]) for e in problem["errors"]]
        assert fields == [
            (4, "Đối tượng"),
            (5, "Họ và tên"),
            (6, "Chức vụ"),
            (7, "Giới tính"),
            (8, "Lao động trực tiếp"),
            (9, "Họ và tên"),
        ], lang
    vi, en = (answers[lang]["errors"] for lang in LANGS)
    assert vi[1]["message"] == "Có tối đa 300 ký tự"
    assert en[1]["message"] == "Should have at most 300 characters"
    assert vi[5]["message"] == "Bắt buộc nhập"
    assert en[0]["message"] == (
        "The value 'Công dân' is not valid; choose one of: cá nhân, tập thể, hộ gia đình"
    )
    assert answers["en"]["detail"] == "Errors in rows 4, 5, 6, 7, 8, 9; nothing created"


def damaged_xlsx() -> bytes:
    """A package that claims to be a workbook (it passes the type sniffing) but holds none."""
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", content_types)
    return out.getvalue()


def no_header() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Tên", "Tuổi"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "vi"),
    [
        (damaged_xlsx(), "Tệp: Không đọc được tệp Excel"),
        (no_header(), "Tệp: Không tìm thấy dòng tiêu đề có cột 'Họ và tên'"),
    ],
)
async def test_unreadable_files_in_both_languages(
    client: httpx.AsyncClient, world: World, data: bytes, vi: str
) -> None:
    answers = {lang: await refused(client, world, data, lang) for lang in LANGS}
    for lang, problem in answers.items():
        check(problem, lang, [])
        assert problem["errors"][0]["field"] == "file"
    assert answers["vi"]["detail"] == vi
    assert answers["en"]["detail"] != vi


@pytest.mark.usefixtures("worker")
async def test_dossiers_xlsx_in_the_requests_language(
    client: httpx.AsyncClient, world: World
) -> None:
    created = (await submit(client, world, proposer="U3")).json()
    sheets: dict[str, list[tuple[Any, ...]]] = {}
    titles: dict[str, str] = {}
    for lang, language in {"default": {}, **LANGS}.items():
        answer = await client.get(
            "/api/v1/dossiers.xlsx",
            params={"status": "in_review"},
            headers={**world.as_("U3", "viewer"), **language},
        )
        assert answer.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(answer.content))
        titles[lang] = book.active.title
        sheets[lang] = list(book.active.iter_rows(values_only=True))
    assert sheets["default"] == sheets["vi"]
    vi, en = sheets["vi"], sheets["en"]
    assert (titles["vi"], titles["en"]) == ("Danh sách hồ sơ", "Dossiers")
    assert vi[0][:5] == ("STT", "Mã hồ sơ", "Hình thức khen thưởng", "Đơn vị đề nghị", "Trạng thái")
    assert en[0][:5] == ("No.", "Dossier", "Award", "Proposer", "Status")
    assert english_in(" ".join(vi[0])) == []
    assert VIETNAMESE_LETTER.findall(" ".join(en[0])) == []
    mine = [row for row in en[1:] if row[1] == created["id"]]
    (row,) = mine
    vi_row = next(r for r in vi[1:] if r[1] == created["id"])
    assert (vi_row[4], row[4]) == ("Đang xét", "In review")
    level = created["stage"]["level"]  # shown by its name, not as the code
    assert (vi_row[5], row[5]) == (
        i18n.raw(f"level.{level}", "vi"),
        i18n.raw(f"level.{level}", "en"),
    )
    assert row[5] != level
    assert {r[4] for r in en[1:]} == {"In review"}
