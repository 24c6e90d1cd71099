"""Attachments over HTTP (contract §13): types sniffed from bytes, limits, authorization, audit."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from store.models import AttachmentEvent
from tests.api.conftest import World, eventually, submit
from tests.documents import samples

pytestmark = pytest.mark.usefixtures("worker")


async def new_dossier(client: httpx.AsyncClient, world: World) -> str:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def attach(
    client: httpx.AsyncClient,
    world: World,
    dossier_id: str,
    data: bytes,
    *,
    filename: str = "to-trinh.pdf",
    mime: str = "application/pdf",
    kind: str = "to_trinh",
    who: tuple[str, str] = ("U1", "officer"),
) -> httpx.Response:
    return await client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        data={"kind": kind},
        files={"file": (filename, data, mime)},
        headers=world.as_(*who),
    )


async def returned(client: httpx.AsyncClient, world: World, dossier_id: str) -> None:
    await eventually(
        client,
        "/api/v1/tasks",
        world.as_("D1", "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "return", "comment": "Bổ sung biên bản họp"},
        headers=world.as_("D1", "chair"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "returned"


@pytest.mark.parametrize(
    ("data", "filename", "mime"),
    [
        (samples.PDF, "Tờ trình số 12.pdf", "application/pdf"),
        (samples.PNG, "anh.png", "image/png"),
        (samples.JPEG, "anh.jpg", "image/jpeg"),
        (samples.docx_bytes(), "bao-cao.docx", None),
        (samples.xlsx_bytes(), "danh-sach.xlsx", "application/octet-stream"),
    ],
)
async def test_each_allowed_type_round_trips(
    client: httpx.AsyncClient, world: World, data: bytes, filename: str, mime: str | None
) -> None:
    dossier_id = await new_dossier(client, world)
    answer = await attach(client, world, dossier_id, data, filename=filename, mime=mime or "")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["filename"] == filename
    assert body["size"] == len(data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["uploaded_by"].startswith("officer.u1.")
    assert body["kind"] == "to_trinh"

    got = await client.get(
        f"/api/v1/dossiers/{dossier_id}/attachments/{body['id']}",
        headers=world.as_("D1", "viewer"),  # the route's org reads it too
    )
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["content-type"].startswith(body["content_type"])
    listed = await client.get(
        f"/api/v1/dossiers/{dossier_id}/attachments", headers=world.as_("U1", "viewer")
    )
    assert [a["id"] for a in listed.json()["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("data", "filename", "mime"),
    [
        (samples.EXE, "to-trinh.pdf", "application/pdf"),  # a renamed executable
        (samples.plain_zip(), "bao-cao.docx", None),  # a ZIP that is not a Word document
        (samples.PDF, "to-trinh.pdf", "image/png"),  # declared type differs from the bytes
        (samples.PDF, "to-trinh.docx", None),  # extension differs from the bytes
        (b"<html><script>alert(1)</script></html>", "a.pdf", None),
    ],
)
async def test_wrong_bytes_are_refused_415_and_nothing_is_stored(
    client: httpx.AsyncClient, world: World, data: bytes, filename: str, mime: str | None
) -> None:
    dossier_id = await new_dossier(client, world)
    answer = await attach(client, world, dossier_id, data, filename=filename, mime=mime or "")
    assert answer.status_code == 415, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "Kiểu tệp" in answer.json()["title"]
    listed = await client.get(
        f"/api/v1/dossiers/{dossier_id}/attachments", headers=world.as_("U1", "officer")
    )
    assert listed.json()["items"] == []


@pytest.mark.parametrize(
    ("form", "files", "field"),
    [
        ({"kind": "giay_to_la"}, {"file": ("a.pdf", samples.PDF, "application/pdf")}, "kind"),
        ({}, {"file": ("a.pdf", samples.PDF, "application/pdf")}, "kind"),
        ({"kind": "to_trinh"}, {"other": ("a.pdf", samples.PDF, "application/pdf")}, "file"),
        ({"kind": "to_trinh"}, {"file": ("a.pdf", b"", "application/pdf")}, "file"),
    ],
)
async def test_bad_forms_name_the_field_422(
    client: httpx.AsyncClient,
    world: World,
    form: dict[str, str],
    files: dict[str, Any],
    field: str,
) -> None:
    dossier_id = await new_dossier(client, world)
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        data=form,
        files=files,
        headers=world.as_("U1", "officer"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field


async def test_not_multipart_is_415(client: httpx.AsyncClient, world: World) -> None:
    dossier_id = await new_dossier(client, world)
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        json={"kind": "to_trinh"},
        headers=world.as_("U1", "officer"),
    )
    assert answer.status_code == 415


async def test_authorization_is_the_dossiers(client: httpx.AsyncClient, world: World) -> None:
    dossier_id = await new_dossier(client, world)
    ok = await attach(client, world, dossier_id, samples.PDF)
    assert ok.status_code == 201
    aid = ok.json()["id"]
    path = f"/api/v1/dossiers/{dossier_id}/attachments"
    # another org that cannot see the dossier: 404, its existence is not revealed
    for who in (("U2", "officer"), ("U3", "viewer"), ("D2", "chair")):
        assert (await client.get(f"{path}/{aid}", headers=world.as_(*who))).status_code == 404
        assert (await client.get(path, headers=world.as_(*who))).status_code == 404
    assert (
        await attach(client, world, dossier_id, samples.PDF, who=("U2", "officer"))
    ).status_code == 404
    # orgs that see it but are not the proposer's officers may not write: 403
    for who in (("D1", "officer"), ("U1", "viewer"), ("U1", "chair")):
        answer = await attach(client, world, dossier_id, samples.PDF, who=who)
        assert answer.status_code == 403, (who, answer.text)
    assert (await client.get(path)).status_code == 401
    missing = await client.get(f"{path}/TL-000000000000", headers=world.as_("U1", "officer"))
    assert missing.status_code == 404


async def test_replace_and_delete_only_while_returned_and_audited(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    dossier_id = await new_dossier(client, world)
    first = await attach(client, world, dossier_id, samples.PDF)
    aid = first.json()["id"]
    path = f"/api/v1/dossiers/{dossier_id}/attachments/{aid}"
    officer = world.as_("U1", "officer")
    in_review = await client.delete(path, headers=officer)
    assert in_review.status_code == 409
    assert "đang xét" in in_review.json()["detail"]

    await returned(client, world, dossier_id)
    new = samples.docx_bytes("Tờ trình đã sửa")
    replaced = await client.put(
        path, files={"file": ("to-trinh-sua.docx", new, "")}, headers=officer
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["id"] == aid
    assert replaced.json()["kind"] == "to_trinh"
    assert replaced.json()["sha256"] == hashlib.sha256(new).hexdigest()
    assert (await client.get(path, headers=officer)).content == new
    rekind = await client.put(
        path, data={"kind": "khac"}, files={"file": ("to-trinh-sua.docx", new, "")}, headers=officer
    )
    assert rekind.json()["kind"] == "khac"
    bad = await client.put(path, files={"file": ("x.pdf", samples.EXE, "")}, headers=officer)
    assert bad.status_code == 415
    assert (await client.get(path, headers=officer)).content == new

    assert (await client.delete(path, headers=world.as_("U1", "viewer"))).status_code == 403
    assert (await client.delete(path, headers=officer)).status_code == 204
    assert (await client.get(path, headers=officer)).status_code == 404

    async with app.state.tdkt.sessions() as session:
        actions = list(
            await session.scalars(
                select(AttachmentEvent.action)
                .where(AttachmentEvent.dossier_id == dossier_id)
                .order_by(AttachmentEvent.id)
            )
        )
        assert actions == ["uploaded", "replaced", "replaced", "deleted"]
        with pytest.raises(Exception, match="append-only"):
            await session.execute(text("delete from attachment_events"))
        await session.rollback()


async def test_dossier_shows_its_papers_checklist(client: httpx.AsyncClient, world: World) -> None:
    dossier_id = await new_dossier(client, world)
    path = f"/api/v1/dossiers/{dossier_id}"
    before = (await client.get(path, headers=world.as_("U1", "officer"))).json()["documents"]
    assert before["required"] == ["to_trinh", "bao_cao_thanh_tich", "bien_ban"]
    assert before["present"] == []
    assert before["missing"] == before["required"]
    await attach(client, world, dossier_id, samples.PDF)
    await attach(client, world, dossier_id, samples.PNG, filename="a.png", mime="", kind="khac")
    after = (await client.get(path, headers=world.as_("D1", "chair"))).json()["documents"]
    assert after["present"] == ["to_trinh", "khac"]
    assert after["missing"] == ["bao_cao_thanh_tich", "bien_ban"]
    assert "84" in after["basis"]
