"""Every upload route refuses bad input the same way (4xx naming the field, nothing stored):
the dossier import (damaged workbooks, bombs, its create fields including `draft`), the
attachments and the org's PKCS#12 — file names, bodies cut short."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from store.models import AttachmentEvent, SigningCertificate
from tests.api.conftest import World
from tests.documents import samples
from tests.documents.test_attachments import new_dossier
from tests.documents.test_excel import count, import_, workbook
from tests.support.damaged_xlsx import damaged

pytestmark = pytest.mark.usefixtures("worker")
UNREADABLE = "Tệp: Không đọc được tệp Excel"
TOO_LARGE = "Tệp: Bảng tính quá lớn khi giải nén"
# a number cell (column F, outside the format: ignored) for the damage that breaks numbers
GOOD = workbook([("Lý Thị Mai", "Cá nhân", "Kế toán", "Nữ", "Không", 7), ("Tổ Văn", "Tập thể")])
BOUNDARY = "tdkt-refusal-test"


def multipart(fields: dict[str, str], filename: bytes, data: bytes, mime: str) -> bytes:
    out = b""
    for name, value in fields.items():
        out += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        out += value.encode() + b"\r\n"
    out += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
    out += filename + f'"\r\nContent-Type: {mime}\r\n\r\n'.encode() + data
    return out + f"\r\n--{BOUNDARY}--\r\n".encode()


def raw_headers(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


async def test_every_damaged_workbook_is_422_and_creates_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    kinds = list(damaged(GOOD))
    for kind, data in kinds:
        answer = await import_(client, world, data)
        assert answer.status_code == 422, (kind, answer.text)
        assert answer.json()["errors"] == [{"field": "file", "message": UNREADABLE}], kind
    assert await count(client, world) == before


async def test_a_workbook_bomb_is_refused_like_the_registrys(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    package = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(GOOD))
    with source as src, zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/worksheets/sheet1.xml":  # ~120 MB of sheet XML: whitespace
                body = body.replace(b"<sheetData>", b"<sheetData>" + b" " * 120_000_000)
            bomb.writestr(name, body)
    assert len(package.getvalue()) < 300_000
    answer = await import_(client, world, package.getvalue())
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [{"field": "file", "message": TOO_LARGE}]
    assert await count(client, world) == before


@pytest.mark.parametrize("value", ["true", "1", "on"])
async def test_draft_is_honoured_like_the_json_create(
    client: httpx.AsyncClient, world: World, value: str
) -> None:
    answer = await import_(client, world, GOOD, draft=value)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "draft"
    assert [n["name"] for n in body["nominees"]] == ["Lý Thị Mai", "Tổ Văn"]
    shown = await client.get(f"/api/v1/dossiers/{body['id']}", headers=world.as_("U1", "officer"))
    assert shown.json()["status"] == "draft"
    # not sent up: the deciding org sees no task for it
    tasks = await client.get("/api/v1/tasks", headers=world.as_("D1", "chair"))
    assert body["id"] not in {t["id"] for t in tasks.json()["items"]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"draft": "maybe"}, "draft"),
        ({"simplified": "perhaps"}, "simplified"),
        ({"award_type": "lottery"}, "award_type"),
        ({"nominees": '[{"name": "X"}]'}, "nominees"),  # they come from the file
        ({"priority": "high"}, "priority"),  # not a create field at all
    ],
)
async def test_each_create_field_is_taken_or_refused_by_name(
    client: httpx.AsyncClient, world: World, fields: dict[str, str], field: str
) -> None:
    before = await count(client, world)
    form = {"proposer_org": world.code("U1"), "award_code": "GIAY_KHEN", **fields}
    answer = await client.post(
        "/api/v1/dossiers/import",
        data=form,
        files={"file": ("danh-sach.xlsx", GOOD, "")},
        headers=world.as_("U1", "officer"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field
    assert await count(client, world) == before


@pytest.mark.parametrize("name", [b"\xff\xfe.xlsx", "\u200b.xlsx".encode(), b"a\x07.xlsx"])
async def test_import_file_names_are_checked(
    client: httpx.AsyncClient, world: World, name: bytes
) -> None:
    before = await count(client, world)
    fields = {"proposer_org": world.code("U1"), "award_code": "GIAY_KHEN"}
    answer = await client.post(
        "/api/v1/dossiers/import",
        content=multipart(fields, name, GOOD, ""),
        headers=raw_headers(world.as_("U1", "officer")),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "file"
    assert await count(client, world) == before


async def test_an_import_cut_short_is_400_and_creates_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    fields = {"proposer_org": world.code("U1"), "award_code": "GIAY_KHEN"}
    body = multipart(fields, b"danh-sach.xlsx", GOOD, "")
    answer = await client.post(
        "/api/v1/dossiers/import",
        content=body[:-50],
        headers=raw_headers(world.as_("U1", "officer")),
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["field"] == "file"
    assert await count(client, world) == before


async def stored(client: httpx.AsyncClient, world: World, dossier_id: str) -> list[Any]:
    listed = await client.get(
        f"/api/v1/dossiers/{dossier_id}/attachments", headers=world.as_("U1", "officer")
    )
    items: list[Any] = listed.json()["items"]
    return items


async def events(app: FastAPI, dossier_id: str) -> list[str]:
    async with app.state.tdkt.sessions() as session:
        query = select(AttachmentEvent.action).where(AttachmentEvent.dossier_id == dossier_id)
        return list(await session.scalars(query))


async def test_attachment_names_are_normalised_and_sent_back_safely(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier_id = await new_dossier(client, world)
    officer = world.as_("U1", "officer")
    for sent in ("../../Tờ trình.pdf", "..\\..\\Tờ trình.pdf", "Tờ\u200b trình\u202e.pdf"):
        answer = await client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            content=multipart({"kind": "to_trinh"}, sent.encode(), samples.PDF, "application/pdf"),
            headers=raw_headers(officer),
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["filename"] == "Tờ trình.pdf"
        got = await client.get(
            f"/api/v1/dossiers/{dossier_id}/attachments/{answer.json()['id']}", headers=officer
        )
        assert got.headers["content-disposition"] == (
            "attachment; filename=\"To trinh.pdf\"; filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh.pdf"
        )


@pytest.mark.parametrize(
    "name", [b"\xff\xfe.pdf", "\u200b.pdf".encode(), b"../", b"a\x1b.pdf", b"  .pdf"]
)
async def test_bad_attachment_names_are_422_and_nothing_is_stored(
    client: httpx.AsyncClient, world: World, app: FastAPI, name: bytes
) -> None:
    dossier_id = await new_dossier(client, world)
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        content=multipart({"kind": "to_trinh"}, name, samples.PDF, "application/pdf"),
        headers=raw_headers(world.as_("U1", "officer")),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "file"
    assert await stored(client, world, dossier_id) == []
    assert await events(app, dossier_id) == []


async def test_an_attachment_cut_short_is_400_and_nothing_is_stored(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    dossier_id = await new_dossier(client, world)
    body = multipart({"kind": "to_trinh"}, b"a.pdf", samples.PDF + b"x" * 64, "application/pdf")
    for cut in (body[:-3], body[: body.index(b"%PDF") + 8]):
        answer = await client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            content=cut,
            headers=raw_headers(world.as_("U1", "officer")),
        )
        assert answer.status_code == 400, answer.text
        assert answer.json()["errors"][0]["field"] == "file"
    assert await stored(client, world, dossier_id) == []
    assert await events(app, dossier_id) == []


async def test_a_certificate_upload_cut_short_or_badly_named_changes_nothing(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    code = world.code("P3")
    path = f"/api/v1/orgs/{code}/signing-certificate"
    async with app.state.tdkt.sessions() as session:
        query = select(SigningCertificate).where(SigningCertificate.org_code == code)
        before = [(c.subject, c.uploaded_at) for c in await session.scalars(query)]
    body = multipart({"password": "x"}, b"seal.p12", b"\x30\x82" + b"\0" * 100, "")
    cut = await client.put(path, content=body[:-20], headers=raw_headers(world.admin))
    assert cut.status_code == 400, cut.text
    named = multipart({"password": "x"}, b"\xff.p12", b"\x30\x82" + b"\0" * 100, "")
    bad = await client.put(path, content=named, headers=raw_headers(world.admin))
    assert bad.status_code == 422, bad.text
    assert bad.json()["errors"][0]["field"] == "file"
    async with app.state.tdkt.sessions() as session:
        after = [(c.subject, c.uploaded_at) for c in await session.scalars(query)]
    assert after == before
