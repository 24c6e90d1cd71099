"""The award registry on the web (``/so-khen-thuong``, contract §12), over ASGI: the list with
its filters (names, not codes; its scope), recording one award, importing a workbook (all rows
or none, each error naming its row and column), the blank workbook, the discipline and
initiative registers, refusals for readers who keep no register, and English."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
from fastapi import FastAPI
from openpyxl import load_workbook

from api.services.registry_workbook import TEMPLATE_HEADER
from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_paper_pages import bearer, sign_in
from tests.registry.workbook import cccd, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(page: str) -> list[str]:
    """The text of each record row of a register's table."""
    rows = re.findall(r'<tr data-record="\d+">(.*?)</tr>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in rows]


def _error(page: str, key: str) -> str:
    found = re.search(rf'<span class="err" id="e-{key}">([^<]*)</span>', page)
    assert found, f"no error shown for {key}"
    return found.group(1)


async def _listed(client: httpx.AsyncClient, q: str, path: str = "/so-khen-thuong") -> list[str]:
    page = await client.get(path, params={"q": q})
    assert page.status_code == 200, page.text[:500]
    return _rows(page.text)


async def _audit(client: httpx.AsyncClient, action: str) -> list[dict[str, Any]]:
    admin = await bearer(client, "admin", ADMIN_PASSWORD)
    answer = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin)
    assert answer.status_code == 200, answer.text
    return [e for e in answer.json()["items"] if e["action"] == action]


def _record(people: People, csrf: str, who: str, /, **changes: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "name": who,
        "birth_date": "1985-04-12",
        "identity_number": "",
        "org_code": people.orgs["U"],
        "award_code": "CSTD_CS",
        "year": "2023",
        "decision_number": "15/QĐ-UBND",
        "decision_date": "2024-01-10",
    } | changes


async def test_an_officer_records_an_award_and_finds_it_by_name_award_and_year(
    client: httpx.AsyncClient, people: People
) -> None:
    name = f"Phạm Văn Khải {people.tag}"
    csrf = await sign_in(client, people.username("U", "officer"))
    nav = await client.get("/so-khen-thuong")
    assert nav.status_code == 200
    assert 'href="/so-khen-thuong" aria-current="page"' in nav.text  # in the navigation
    form = await client.get("/so-khen-thuong/them")
    assert form.status_code == 200
    assert 'action="/so-khen-thuong/them"' in form.text
    before = len(await _audit(client, "registry.recorded"))

    done = await client.post("/so-khen-thuong/them", data=_record(people, csrf, name))
    assert done.status_code == 303, done.text[:500]
    assert done.headers["location"] == "/so-khen-thuong"
    page = await client.get("/so-khen-thuong")
    assert f"Đã ghi vào sổ khen thưởng: {name} – Chiến sĩ thi đua cơ sở năm 2023." in page.text
    (row,) = await _listed(client, name)
    # names, not codes; the dates as people write them; the source in words
    assert row == (
        f"{name} 12/04/1985 Trường THCS Lạc Vệ Chiến sĩ thi đua cơ sở 2023 "
        "Số 15/QĐ-UBND ngày 10/01/2024 Nhập bổ sung"
    )
    assert people.orgs["U"] not in row
    assert "CSTD_CS" not in row
    assert len(await _audit(client, "registry.recorded")) == before + 1

    by_award = await client.get("/so-khen-thuong", params={"q": name, "award_code": "LDTT"})
    assert _rows(by_award.text) == []
    by_year = await client.get("/so-khen-thuong", params={"q": name, "year": "2023"})
    assert len(_rows(by_year.text)) == 1
    by_org = await client.get("/so-khen-thuong", params={"q": name, "org_code": people.orgs["U"]})
    assert len(_rows(by_org.text)) == 1
    # the district's chair reads the unit's records (its subtree), without the add form
    await sign_in(client, people.username("D", "chair"))
    chair = await client.get("/so-khen-thuong", params={"q": name})
    assert len(_rows(chair.text)) == 1
    assert 'href="/so-khen-thuong/them"' not in chair.text


async def test_bad_filters_and_bad_fields_are_named_and_change_nothing(
    client: httpx.AsyncClient, people: People
) -> None:
    name = f"Đỗ Thị Thu {people.tag}"
    csrf = await sign_in(client, people.username("U", "officer"))
    for query, key, said in (
        ({"year": "năm ngoái"}, "year", "Năm phải là số từ 1945 đến 2100"),
        ({"award_code": "KHONG_CO"}, "award_code", "Không có danh hiệu/hình thức mã KHONG_CO"),
        ({"q": "a" * 201}, "q", "Dài quá 200 ký tự"),
        ({"org_code": "x y"}, "org_code", "Không có đơn vị mã"),
        ({"org_code": "TTG"}, "", ""),  # another branch: refused, not shown
    ):
        page = await client.get("/so-khen-thuong", params=query)
        assert page.status_code in (403, 422), (query, page.status_code)
        assert 'id="error-summary"' in page.text
        assert "<tr data-record" not in page.text
        if key:
            assert _error(page.text, key).startswith(said)
    # a NUL anywhere in a query is refused before any page runs, in Vietnamese
    for key in ("q", "org_code"):
        page = await client.get("/so-khen-thuong", params={key: "a\x00b"})
        assert page.status_code == 422
        assert "ký tự điều khiển" in page.text

    # each refusal names the field by the form's label, next to the field and in the summary
    refusals = (
        ({"name": "   "}, "name", "Họ và tên: Phải có chữ hoặc số"),
        ({"year": "hai nghìn"}, "year", "Năm thành tích"),
        ({"decision_number": "1\x00/QĐ"}, "decision_number", "Số quyết định"),
        ({"decision_date": "2099-01-01"}, "decision_date", "Ngày quyết định"),
        ({"birth_date": "31/02/1985"}, "birth_date", "Ngày sinh"),
        ({"identity_number": "12345"}, "identity_number", "Số định danh cá nhân"),
        ({"award_code": "TTLDTT", "identity_number": cccd(7001, 1985)}, "award_code", "Danh hiệu"),
        ({"org_code": people.orgs["D"]}, "", ""),  # the officer's parent: not theirs
    )
    for change, key, said in refusals:
        page = await client.post("/so-khen-thuong/them", data=_record(people, csrf, name, **change))
        assert page.status_code in (403, 422), (change, page.status_code)
        assert 'id="error-summary"' in page.text, change
        if key:
            assert _error(page.text, key).startswith(said), (change, _error(page.text, key))
            assert f'id="f-{key}"' in page.text
            assert 'aria-invalid="true"' in page.text
        if "name" not in change:
            assert f'value="{name}"' in page.text, change  # what was typed stays
    forged = await client.post("/so-khen-thuong/them", data=_record(people, "x" * 43, name))
    assert forged.status_code == 403
    assert "Phiên biểu mẫu đã hết hạn" in forged.text
    assert await _listed(client, name) == []


async def test_readers_who_keep_no_register_are_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    name = f"Vi Văn Lâm {people.tag}"
    for role in ("viewer", "chair"):
        csrf = await sign_in(client, people.username("U", role))
        page = await client.get("/so-khen-thuong")
        assert page.status_code == 200
        assert 'href="/so-khen-thuong/them"' not in page.text
        assert (await client.get("/so-khen-thuong/them")).status_code == 403
        assert (await client.get("/so-khen-thuong/nhap-excel")).status_code == 403
        refused = await client.post("/so-khen-thuong/them", data=_record(people, csrf, name))
        assert refused.status_code == 403
        assert "Chỉ cán bộ thi đua – khen thưởng và quản trị viên" in refused.text
        workbook = xlsx([(name, None, None, people.orgs["U"], "LDTT", 2022, "3/QĐ", "10/01/2023")])
        imported = await client.post(
            "/so-khen-thuong/nhap-excel",
            data={"csrf_token": csrf},
            files={"file": ("so.xlsx", workbook, XLSX)},
        )
        assert imported.status_code == 403
        discipline = await client.post("/so-khen-thuong/ky-luat", data={"csrf_token": csrf})
        assert discipline.status_code == 403
    await sign_in(client, people.username("U", "officer"))
    assert await _listed(client, name) == []
    client.cookies.clear()
    anonymous = await client.get("/so-khen-thuong")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")


async def test_the_template_imports_every_row_or_none(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    template = await client.get("/so-khen-thuong/mau-nhap.xlsx")
    assert template.status_code == 200
    assert template.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(template.content))
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == list(TEMPLATE_HEADER)
    assert sheet.max_row == 1

    good = f"Hoàng Văn Nam {people.tag}"
    other = f"Lý Thị Hà {people.tag}"
    unit = people.orgs["U"]
    sheet.append([good, "12/04/1980", cccd(8001, 1980), unit, "LDTT", 2021, "7/QĐ", "15/01/2022"])
    sheet.append([other, None, None, unit, "KHONG_CO", 2021, "8/QĐ", "15/01/2022"])
    sheet.append([other, None, "12345", unit, "LDTT", 1900, "9/QĐ", "ngày mai"])
    out = io.BytesIO()
    book.save(out)
    before = len(await _audit(client, "registry.imported"))
    refused = await client.post(
        "/so-khen-thuong/nhap-excel",
        data={"csrf_token": csrf},
        files={"file": ("so-khen-thuong.xlsx", out.getvalue(), XLSX)},
    )
    assert refused.status_code == 422, refused.text[:500]
    table = re.search(r'<table data-testid="import-errors">(.*?)</table>', refused.text, re.S)
    assert table, "no table of row errors"
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(<td>.*?)</tr>", table.group(1), re.S)
    ]
    assert ["3", "mã danh hiệu", "Không có danh hiệu/hình thức mã KHONG_CO"] in cells
    assert {(r[0], r[1]) for r in cells} >= {
        ("4", "số định danh"),
        ("4", "năm"),
        ("4", "ngày quyết định"),
    }
    assert "không dòng nào được nhập" in refused.text
    assert await _listed(client, good) == []  # the good row was not imported either

    again = io.BytesIO()
    sheet.delete_rows(3, 2)
    book.save(again)
    done = await client.post(
        "/so-khen-thuong/nhap-excel",
        data={"csrf_token": csrf},
        files={"file": ("so-khen-thuong.xlsx", again.getvalue(), XLSX)},
    )
    assert done.status_code == 303, done.text[:500]
    page = await client.get(done.headers["location"])
    assert "Đã nhập 1 khen thưởng vào sổ." in page.text
    (row,) = await _listed(client, good)
    assert "Lao động tiên tiến" in row
    assert len(await _audit(client, "registry.imported")) == before + 1

    empty = await client.post(
        "/so-khen-thuong/nhap-excel",
        data={"csrf_token": csrf},
        files={"file": ("a.xlsx", b"", XLSX)},
    )
    assert empty.status_code == 422
    assert _error(empty.text, "file")
    not_a_workbook = await client.post(
        "/so-khen-thuong/nhap-excel",
        data={"csrf_token": csrf},
        files={"file": ("a.xlsx", b"PK\x03\x04 not a workbook", XLSX)},
    )
    assert 400 <= not_a_workbook.status_code < 500
    assert _error(not_a_workbook.text, "file")
    forged = await client.post(
        "/so-khen-thuong/nhap-excel",
        data={"csrf_token": "x" * 43},
        files={"file": ("so.xlsx", again.getvalue(), XLSX)},
    )
    assert forged.status_code == 403


async def test_discipline_and_initiatives_are_recorded_and_listed(
    client: httpx.AsyncClient, people: People
) -> None:
    name = f"Trịnh Văn Sơn {people.tag}"
    csrf = await sign_in(client, people.username("U", "officer"))
    period = {
        "csrf_token": csrf, "name": name, "birth_date": "", "identity_number": "",
        "org_code": people.orgs["U"], "kind": "investigation", "from": "2025-03-01",
        "to": "2025-02-01", "note": "",
    }  # fmt: skip
    reversed_period = await client.post("/so-khen-thuong/ky-luat", data=period)
    assert reversed_period.status_code == 422
    assert _error(reversed_period.text, "to").startswith("Đến ngày")
    no_kind = await client.post("/so-khen-thuong/ky-luat", data=period | {"kind": "", "to": ""})
    assert no_kind.status_code == 422
    assert _error(no_kind.text, "kind")
    assert await _listed(client, name, "/so-khen-thuong/ky-luat") == []
    done = await client.post("/so-khen-thuong/ky-luat", data=period | {"to": ""})
    assert done.status_code == 303, done.text[:500]
    page = await client.get("/so-khen-thuong/ky-luat")
    assert f"Đã ghi thời gian kỷ luật, điều tra của {name}." in page.text
    (row,) = await _listed(client, name, "/so-khen-thuong/ky-luat")
    assert "Đang bị điều tra" in row
    assert "Từ 01/03/2025, chưa kết thúc" in row
    assert "Trường THCS Lạc Vệ" in row

    idea = {
        "csrf_token": csrf, "name": name, "birth_date": "", "identity_number": "",
        "org_code": people.orgs["U"], "title": "Số hoá sổ điểm", "scope": "unit",
        "recognised_on": "2099-05-20",
    }  # fmt: skip
    future = await client.post("/so-khen-thuong/sang-kien", data=idea)
    assert future.status_code == 422
    assert _error(future.text, "recognised_on")
    nul = await client.post("/so-khen-thuong/sang-kien", data=idea | {"title": "Số\x00hoá"})
    assert nul.status_code == 422
    assert _error(nul.text, "title")
    assert await _listed(client, name, "/so-khen-thuong/sang-kien") == []
    done = await client.post(
        "/so-khen-thuong/sang-kien", data=idea | {"recognised_on": "2025-05-20"}
    )
    assert done.status_code == 303, done.text[:500]
    (row,) = await _listed(client, name, "/so-khen-thuong/sang-kien")
    assert "Số hoá sổ điểm" in row
    assert "Cấp cơ sở" in row
    assert "Chưa dùng" in row


async def test_the_registry_reads_in_english(client: httpx.AsyncClient, people: People) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    name = f"Ngô Văn Tâm {people.tag}"
    done = await client.post("/so-khen-thuong/them", data=_record(people, csrf, name))
    assert done.status_code == 303
    page = await client.get("/so-khen-thuong", params={"q": name, "lang": "en"})
    assert '<html lang="en">' in page.text
    assert "Award registry" in page.text
    (row,) = _rows(page.text)
    assert "Grassroots Emulation Fighter" in row
    assert "Entered from earlier records" in row
    bad = await client.get("/so-khen-thuong", params={"year": "last"})
    assert bad.status_code == 422
    assert _error(bad.text, "year") == "The year must be a number from 1945 to 2100"
    refused = await client.post("/so-khen-thuong/them", data=_record(people, csrf, " ", year="x"))
    assert refused.status_code == 422
    assert _error(refused.text, "name").startswith("Full name")
    for path in (
        "/so-khen-thuong/ky-luat",
        "/so-khen-thuong/sang-kien",
        "/so-khen-thuong/nhap-excel",
    ):
        other = await client.get(path)
        assert other.status_code == 200
        assert "Discipline and investigations" in other.text
    await client.get("/so-khen-thuong", params={"lang": "vi"})


async def test_every_registry_page_keeps_vietnamese_words(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    """No English, msgid or award code on the Vietnamese pages."""
    from tests.browser.untranslated import offences, visible_text

    await sign_in(client, people.username("U", "officer"))
    for path in (
        "/so-khen-thuong",
        "/so-khen-thuong/them",
        "/so-khen-thuong/nhap-excel",
        "/so-khen-thuong/ky-luat",
        "/so-khen-thuong/sang-kien",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert offences(visible_text(page.text)) == [], path
