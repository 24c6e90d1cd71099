"""POST /api/v1/registry/import with a damaged workbook, a bomb, a bad file name or a body cut
short: a 4xx naming the file field, logged, and nothing imported (never a 500)."""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import date

import httpx
import pytest

from tests.api.conftest import World
from tests.registry.workbook import cccd, xlsx
from tests.support.damaged_xlsx import damaged

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNREADABLE = "Tệp: Không đọc được tệp Excel"
_serial = itertools.count(1)


def good(world: World, tag: str) -> bytes:
    rows = [
        (f"Phan Văn {tag}", date(1980, 5, 1), cccd(800_000 + next(_serial), 1980),
         world.code("U1"), "LDTT", 2024, "15/QĐ-UBND", date(2025, 1, 10)),
        (f"Phan Thị {tag}", None, None, world.code("U1"), "LDTT", 2024, "15/QĐ-UBND",
         date(2025, 1, 10)),
    ]  # fmt: skip
    return xlsx(rows)


async def imported(client: httpx.AsyncClient, world: World, tag: str) -> int:
    page = await client.get("/api/v1/registry", params={"q": tag}, headers=world.admin)
    assert page.status_code == 200, page.text
    return int(page.json()["total"])


async def post(
    client: httpx.AsyncClient, world: World, data: bytes, name: str = "so.xlsx"
) -> httpx.Response:
    return await client.post(
        "/api/v1/registry/import",
        files={"file": (name, data, XLSX)},
        headers=world.as_("U1", "officer"),
    )


async def test_every_kind_of_damaged_workbook_is_422_and_imports_nothing(
    client: httpx.AsyncClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    tag = f"Hỏng {next(_serial)}"
    kinds = list(damaged(good(world, tag)))
    assert len(kinds) >= 20
    for kind, data in kinds:
        answer = await post(client, world, data)
        assert answer.status_code == 422, (kind, answer.text)
        assert answer.json()["errors"] == [{"field": "file", "message": UNREADABLE}], kind
    assert await imported(client, world, tag) == 0
    # the same rows undamaged do import: the damage alone was refused
    assert (await post(client, world, good(world, tag))).json() == {"imported": 2}


async def test_a_bomb_is_refused_with_the_shared_message(
    client: httpx.AsyncClient, world: World
) -> None:
    tag = f"Bom {next(_serial)}"
    package = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(good(world, tag)))
    with source as src, zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in src.namelist():
            bomb.writestr(name, src.read(name))
        bomb.writestr("xl/media/padding.bin", b"\0" * 30_000_000)  # ratio ~1000
    assert len(package.getvalue()) < 200_000
    answer = await post(client, world, package.getvalue())
    assert answer.status_code == 422
    too_large = "Tệp: Bảng tính quá lớn khi giải nén"
    assert answer.json()["errors"] == [{"field": "file", "message": too_large}]
    assert await imported(client, world, tag) == 0


@pytest.mark.parametrize(
    "name", ["\udcff.xlsx", "\u200b.xlsx", "a\x01.xlsx", "../", " .xlsx"], ids=repr
)
async def test_a_bad_file_name_is_422_naming_the_file_field(
    client: httpx.AsyncClient, world: World, name: str
) -> None:
    tag = f"Tên {next(_serial)}"
    raw = name.encode("utf-8", "surrogateescape")  # \udcff: the invalid byte 0xFF
    body, content_type = multipart(raw, good(world, tag))
    answer = await client.post(
        "/api/v1/registry/import",
        content=body,
        headers={**world.as_("U1", "officer"), "Content-Type": content_type},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "file"
    assert await imported(client, world, tag) == 0


async def test_a_body_cut_short_is_400_and_imports_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    tag = f"Cắt {next(_serial)}"
    body, content_type = multipart(b"so.xlsx", good(world, tag))
    answer = await client.post(
        "/api/v1/registry/import",
        content=body[:-40],
        headers={**world.as_("U1", "officer"), "Content-Type": content_type},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["field"] == "file"
    assert await imported(client, world, tag) == 0


def multipart(filename: bytes, data: bytes) -> tuple[bytes, str]:
    boundary = "tdkt-registry-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
        + filename
        + f'"\r\nContent-Type: {XLSX}\r\n\r\n'.encode()
    )
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
