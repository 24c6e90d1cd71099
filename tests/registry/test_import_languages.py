"""The registry import and the registers speak the reader's language (Accept-Language): every kind
of bad cell, duplicate, missing column and unreadable file, and the JSON validators."""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Any

import httpx
import pytest

from api.services.registry_workbook import COLUMNS
from tests.api.conftest import World
from tests.registry.workbook import cccd, xlsx
from tests.support.languages import assert_english, assert_vietnamese

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LANGS = {"vi": {"Accept-Language": "vi"}, "en": {"Accept-Language": "en-GB,en;q=0.9"}}
FORMAT = [n for c in COLUMNS for n in (c.field, c.title, *c.aliases)]  # the file's headers
_serial = itertools.count(900)


def bad_rows(world: World, tag: str) -> list[tuple[tuple[Any, ...], str, str]]:
    """(row, column at fault, English words of its message): one of every kind of bad cell."""
    u1, u3 = world.code("U1"), world.code("U3")
    name = f"Ngô Thị {tag}"

    def row(**cells: Any) -> tuple[Any, ...]:
        base: dict[str, Any] = {
            "name": name, "born": None, "cccd": None, "org": u1, "award": "LDTT",
            "year": 2024, "number": "1/QĐ", "decided": "2025-01-05",
        }  # fmt: skip
        return tuple({**base, **cells}.values())

    return [
        (row(name=None), "họ tên", "must not be empty"),
        (row(name="A" * 301), "họ tên", "longer than 300 characters"),
        (row(name="\u200b\u200b"), "họ tên", "visible letter or digit"),
        (row(born="hôm qua"), "ngày sinh", "date is not valid (dd/mm/yyyy)"),
        (row(born=date(1850, 1, 1)), "ngày sinh", "birth date is not valid"),
        (row(cccd="12345"), "số định danh", "exactly 12 digits"),
        (row(cccd="003085001234"), "số định danh", "province code 003"),
        (row(born=date(1986, 1, 1), cccd=cccd(next(_serial), 1985)), "số định danh", "encodes"),
        (row(org="KHONG-CO"), "mã đơn vị", "Unknown org KHONG-CO"),
        (row(org=u3), "mã đơn vị", "outside your scope"),
        (row(award="KHONG_CO"), "mã danh hiệu", "no award with the code KHONG_CO"),
        (row(award="TTLDTT", born=date(1985, 1, 1)), "mã danh hiệu", "awarded to collectives"),
        (row(year=None), "năm", "year is not valid"),
        (row(year="năm ngoái"), "năm", "from 1945 to 2100"),
        (row(number=date(2025, 1, 5)), "số quyết định", "must hold text"),
        (row(decided=None), "ngày quyết định", "must not be empty"),
        (row(decided="2099-01-01"), "ngày quyết định", "in the future"),
        (row(decided="2023-05-05"), "ngày quyết định", "before the achievement year 2024"),
    ]


def echoed(rows: list[tuple[Any, ...]]) -> list[str]:
    """What the answer may repeat from the user's own file: its cells and the format's headers."""
    return [str(cell) for row in rows for cell in row if cell is not None] + FORMAT


async def post(
    client: httpx.AsyncClient, headers: dict[str, str], content: bytes, lang: str
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/registry/import",
        files={"file": ("so-khen-thuong.xlsx", content, XLSX)},
        headers={**headers, **LANGS[lang]},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-language"] == lang
    return dict(response.json())


def check(problem: dict[str, Any], lang: str, rows: list[tuple[Any, ...]]) -> None:
    if lang == "vi":
        assert_vietnamese(problem)
    else:
        assert_english(problem, echoed(rows))


async def test_every_kind_of_bad_cell_in_both_languages(
    client: httpx.AsyncClient, world: World
) -> None:
    cases = bad_rows(world, f"Lỗi {next(_serial)}")
    rows = [r for r, _field, _words in cases]
    headers = world.as_("U1", "officer")
    answers = {lang: await post(client, headers, xlsx(rows), lang) for lang in LANGS}
    named = [*rows, ("unit U3 thử",)]  # the org outside the scope is named, in any language
    for lang, problem in answers.items():
        check(problem, lang, named)
    expected = [(number, field) for number, (_r, field, _w) in enumerate(cases, start=2)]
    for lang, problem in answers.items():
        found = [(e["row"], e["field"]) for e in problem["errors"]]
        assert found == expected, (lang, problem["errors"])
    for error, (_row, _field, words) in zip(answers["en"]["errors"], cases, strict=True):
        assert words in error["message"], (words, error)
    assert answers["vi"]["errors"][0]["message"] == "Không được để trống"
    assert answers["en"]["detail"] == f"{len(cases)} errors in the workbook; nothing imported"


async def test_duplicates_and_records_already_in_the_registry(
    client: httpx.AsyncClient, world: World
) -> None:
    good = (f"Đỗ Văn Trùng {next(_serial)}", "01/01/1985", cccd(next(_serial) + 600_000),
            world.code("U1"), "LDTT", 2024, "21/QĐ-UBND", "2025-01-05")  # fmt: skip
    headers = world.as_("U1", "officer")
    twice = {lang: await post(client, headers, xlsx([good, good]), lang) for lang in LANGS}
    assert twice["vi"]["errors"][0]["message"] == "Trùng với dòng 2 (cùng người, danh hiệu, năm)"
    assert twice["en"]["errors"][0]["message"] == (
        "Repeats row 2 (the same person, award and year)"
    )
    once = await client.post(
        "/api/v1/registry/import",
        files={"file": ("a.xlsx", xlsx([good]), XLSX)},
        headers=headers,
    )
    assert once.status_code == 200, once.text
    again = {lang: await post(client, headers, xlsx([good]), lang) for lang in LANGS}
    for answers in (twice, again):
        for lang, problem in answers.items():
            check(problem, lang, [good])
    assert again["en"]["errors"][0]["message"] == (
        "Already in the award registry (decision 21/QĐ-UBND)"
    )


async def test_the_shown_errors_are_capped_in_both_languages(
    client: httpx.AsyncClient, world: World
) -> None:
    rows = [(None, None, None, world.code("U1"), "LDTT", 2024, "1/QĐ", "2025-01-05")] * 1001
    headers = world.as_("U1", "officer")
    vi = await post(client, headers, xlsx(rows), "vi")
    en = await post(client, headers, xlsx(rows), "en")
    assert len(en["errors"]) == 1000
    assert (
        vi["detail"] == "1001 lỗi trong bảng tính; không dòng nào được nhập (hiển thị 1000 lỗi đầu)"
    )
    assert (
        en["detail"] == "1001 errors in the workbook; nothing imported (the first 1000 are shown)"
    )
    check(vi, "vi", rows)
    check(en, "en", rows)


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (xlsx([], header=("Họ tên", "Năm")), "mã đơn vị"),  # columns missing
        (b"ho ten,nam\nAn,2024\n", "file"),  # not a workbook
        (b"PK\x03\x04 not really a zip", "file"),  # a damaged package
        (xlsx([]), "file"),  # no data rows
    ],
)
async def test_files_refused_whole_in_both_languages(
    client: httpx.AsyncClient, world: World, content: bytes, field: str
) -> None:
    headers = world.as_("U1", "officer")
    for lang in LANGS:
        problem = await post(client, headers, content, lang)
        assert any(e["field"] == field for e in problem["errors"]), problem
        check(problem, lang, [])


async def test_register_validators_word_their_refusals_in_the_requests_language(
    client: httpx.AsyncClient, world: World
) -> None:
    """Pydantic validators raise catalogue text worded while the request's language is set."""
    person = {"name": "Vũ Văn Lực", "birth_date": "1850-01-01"}
    record = {
        "person": person, "org_code": world.code("U1"), "award_code": "TTLDTT", "year": 2024,
        "decision_number": "5/QĐ", "decision_date": "2025-01-10",
    }  # fmt: skip
    period = {
        "person": {"name": "Vũ Văn Lực", "identity_number": "003085001234"},
        "org_code": world.code("U1"), "from": "2025-10-01", "to": "2025-09-30",
        "kind": "discipline", "note": "\u200b",
    }  # fmt: skip
    collective = {**record, "person": {"name": "Tổ Toán", "birth_date": "1985-01-01"}}
    future = {**record, "award_code": "LDTT", "person": {"name": "Vũ Văn Lực"},
              "decision_date": "2099-01-01"}  # fmt: skip
    headers = world.as_("U1", "officer")
    calls = [
        ("/api/v1/registry", record, "The birth date is not valid"),
        ("/api/v1/registry/discipline", period, "The end date (to) is before the start date"),
        ("/api/v1/registry/discipline", period, "province code 003"),
        ("/api/v1/registry/discipline", period, "visible letter or digit"),
        ("/api/v1/registry", collective, "TTLDTT is awarded to collectives"),
        ("/api/v1/registry", future, "decision date is in the future"),
    ]
    for path, body, words in calls:
        for lang in LANGS:
            response = await client.post(path, json=body, headers={**headers, **LANGS[lang]})
            assert response.status_code == 422, response.text
            problem = response.json()
            check(problem, lang, [])
            if lang == "en":
                messages = [problem["detail"], *(e["message"] for e in problem["errors"])]
                assert any(words in m for m in messages), problem
    search = {lang: await client.get(
        "/api/v1/registry", params={"q": "\x01"}, headers={**headers, **LANGS[lang]}
    ) for lang in LANGS}  # fmt: skip
    # the search word is typed text: refused naming it, in the reader's language
    assert search["vi"].status_code == search["en"].status_code == 422
    assert search["vi"].json()["errors"][0]["field"] == "q"
    assert "Từ khoá: có ký tự điều khiển U+0001" in search["vi"].json()["detail"]
    english = search["en"].json()["detail"]
    assert "U+0001" in english
    assert not re.search(r"[\u00C0-\u1EF9]", english), english
