"""POST /api/v1/registry/import: every row or none, per-row Vietnamese errors (contract §12)."""

from __future__ import annotations

import io
import itertools
import json
import os
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import World
from tests.registry.workbook import cccd, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_serial = itertools.count(1)


def upload(content: bytes, name: str = "so-khen-thuong.xlsx") -> dict[str, Any]:
    return {"file": (name, content, XLSX)}


async def count(client: httpx.AsyncClient, headers: dict[str, str], q: str) -> int:
    page = await client.get("/api/v1/registry", params={"q": q}, headers=headers)
    assert page.status_code == 200, page.text
    return int(page.json()["total"])


async def test_import_rows_of_every_cell_style(client: httpx.AsyncClient, world: World) -> None:
    tag = f"Nhập Một {next(_serial)}"
    number = cccd(next(_serial) + 500_000, 1979, "001")
    rows = [
        # date cells, CCCD typed as a number (Excel drops its leading zeros)
        (f"Lê Văn {tag}", date(1979, 3, 2), int(number), world.code("U1"), "LDTT", 2023,
         "12/QĐ-UBND", date(2024, 1, 15)),
        # text dates, the same person's next year, year as text
        (f"LÊ  VĂN {tag.upper()}", "02/03/1979", number, world.code("U1"), "CSTD_CS", "2024",
         "30/QĐ-UBND", "2025-01-20"),
        # no birth date, no CCCD: matched later by name + org
        (f"Hoàng Thị {tag}", None, None, world.code("D1"), "GIAY_KHEN", 2024, "5/QĐ-UBND",
         date(2024, 12, 30)),
    ]  # fmt: skip
    headers = world.as_("D1", "officer")
    response = await client.post(
        "/api/v1/registry/import", files=upload(xlsx(rows)), headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 3}
    page = (await client.get("/api/v1/registry", params={"q": tag}, headers=headers)).json()
    assert page["total"] == 3
    by_award = {i["award_code"]: i for i in page["items"]}
    assert by_award["LDTT"]["person"]["identity_number"] == number
    assert by_award["CSTD_CS"]["person"]["birth_date"] == "1979-03-02"
    assert by_award["CSTD_CS"]["year"] == 2024
    assert all(i["source"] == "import" for i in page["items"])


async def test_row_errors_import_nothing(client: httpx.AsyncClient, world: World) -> None:
    tag = f"Lỗi {next(_serial)}"
    u1, u3 = world.code("U1"), world.code("U3")
    good = (f"Đỗ Văn {tag}", "01/01/1985", cccd(next(_serial) + 600_000), u1, "LDTT", 2024,
            "1/QĐ-UBND", "2025-01-05")  # fmt: skip
    rows = [
        good,
        (f"Ngô Thị {tag}", None, None, "KHONG-CO", "LDTT", 2024, "2/QĐ", "2025-01-05"),
        (f"Ngô Thị {tag}", None, None, u1, "HUY_HIEU", 2024, "3/QĐ", "2025-01-05"),
        (f"Ngô Thị {tag}", "31/02/1985", None, u1, "LDTT", 2024, "4/QĐ", "2025-01-05"),
        (f"Ngô Thị {tag}", None, "12345", u1, "LDTT", 2023, "5/QĐ", "2024-01-05"),
        good,  # the same person, award and year again
        (f"Ngô Thị {tag}", None, None, u3, "LDTT", 2024, "6/QĐ", "2025-01-05"),
        (None, None, None, u1, "LDTT", 2024, "7/QĐ", "2025-01-05"),
        (f"Ngô Thị {tag}", None, None, u1, "LDTT", 2024, "8/QĐ", "hôm qua"),
        (f"Ngô Thị {tag}", None, None, u1, "LDTT", "năm ngoái", "9/QĐ", "2025-01-05"),
        ("\u200b\u200b", None, None, u1, "LDTT", 2022, "10/QĐ", "2023-01-05"),
        # a number cell of 9 digits: not a CCCD that lost its leading zeros, never padded
        (f"Ngô Thị {tag}", None, 270840012, u1, "LDTT", 2021, "11/QĐ", "2022-01-05"),
    ]
    expected = [
        (3, "mã đơn vị", "Không có đơn vị mã KHONG-CO"),
        (4, "mã danh hiệu", "Không có danh hiệu"),
        (5, "ngày sinh", "Ngày không hợp lệ"),
        (6, "số định danh", "12 chữ số"),
        (8, "mã đơn vị", "ngoài phạm vi"),
        (9, "họ tên", "Không được để trống"),
        (10, "ngày quyết định", "Ngày không hợp lệ"),
        (11, "năm", "Năm phải là số"),
        (12, "họ tên", "nhìn thấy được"),
        (13, "số định danh", "dạng văn bản"),
    ]
    headers = world.as_("U1", "officer")
    response = await client.post(
        "/api/v1/registry/import", files=upload(xlsx(rows)), headers=headers
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    for row, field, message in expected:
        assert any(
            e["row"] == row and e["field"] == field and message in e["message"] for e in errors
        ), (row, field, errors)
    assert await count(client, headers, tag) == 0
    # the cell errors fixed, the duplicate row is still refused
    fixed = xlsx([good, good])
    response = await client.post("/api/v1/registry/import", files=upload(fixed), headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 3, "field": "họ tên", "message": "Trùng với dòng 2 (cùng người, danh hiệu, năm)"}
    ]
    assert await count(client, headers, tag) == 0
    once = xlsx([good])
    assert (
        await client.post("/api/v1/registry/import", files=upload(once), headers=headers)
    ).json() == {"imported": 1}
    again = await client.post("/api/v1/registry/import", files=upload(once), headers=headers)
    assert again.status_code == 422
    assert "Đã có trong sổ khen thưởng" in again.json()["errors"][0]["message"]
    assert await count(client, headers, tag) == 1


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b"ho ten,nam\nAn,2024\n", "file"),
        (b"PK\x03\x04 not really a zip", "file"),
        (xlsx([], header=("Họ tên", "Năm")), "mã đơn vị"),
        (xlsx([]), "file"),
    ],
)
async def test_a_file_that_is_not_a_registry_workbook(
    client: httpx.AsyncClient, world: World, content: bytes, field: str
) -> None:
    response = await client.post(
        "/api/v1/registry/import", files=upload(content), headers=world.as_("U1", "officer")
    )
    assert response.status_code == 422, response.text
    assert any(e["field"] == field for e in response.json()["errors"])


async def test_only_officers_and_admins_import(client: httpx.AsyncClient, world: World) -> None:
    for role in ("viewer", "chair"):
        response = await client.post(
            "/api/v1/registry/import", files=upload(xlsx([])), headers=world.as_("U1", role)
        )
        assert response.status_code == 403


def bulk_rows(world: World, n: int, tag: str) -> list[tuple[Any, ...]]:
    units: list[Callable[[], str]] = [lambda: world.code("U1"), lambda: world.code("U2")]
    awards = ("LDTT", "CSTD_CS", "GIAY_KHEN", "BK_TINH")
    return [
        (f"Nguyễn Văn {tag} {i}", date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
         cccd(700_000 + i, 1970 + i % 30, "027"), units[i % 2](), awards[i % 4], 2020 + i % 5,
         f"{i + 1}/QĐ-UBND", date(2021 + i % 5, 1, 10))
        for i in range(n)
    ]  # fmt: skip


async def test_import_of_5000_rows(client: httpx.AsyncClient, world: World) -> None:
    """Benchmark (issue 13): a 5,000-row workbook under the default 1 MB body limit.

    ``TDKT_REGISTRY_BENCH_OUT=<file>`` appends the measured time there as one JSON line.
    """
    content = xlsx(bulk_rows(world, 5000, "Bench"))
    assert len(content) < 1_000_000
    started = time.perf_counter()
    response = await client.post(
        "/api/v1/registry/import", files=upload(content), headers=world.as_("P3", "officer")
    )
    elapsed = time.perf_counter() - started
    if out := os.environ.get("TDKT_REGISTRY_BENCH_OUT"):
        line = {"rows": 5000, "bytes": len(content), "seconds": round(elapsed, 2)}
        with Path(out).open("a", encoding="utf-8") as sink:  # noqa: ASYNC230 (after timing)
            sink.write(json.dumps(line) + "\n")
    assert response.status_code == 200, response.text[:2000]
    assert response.json() == {"imported": 5000}
    assert elapsed < 60
    page = await client.get(
        "/api/v1/registry", params={"q": "Nguyễn Văn Bench", "limit": "1"}, headers=world.admin
    )
    assert page.json()["total"] == 5000


async def test_a_decompression_bomb_is_refused_before_parsing(
    client: httpx.AsyncClient, world: World
) -> None:
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b" " * 150_000_000)
    assert len(package.getvalue()) < 1_000_000
    response = await client.post(
        "/api/v1/registry/import", files=upload(package.getvalue()), headers=world.admin
    )
    assert response.status_code == 422
    assert "quá lớn" in response.json()["errors"][0]["message"]
