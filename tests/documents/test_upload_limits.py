"""The upload limit (TDKT_MAX_UPLOAD_BYTES, 20 MiB): enforced while streaming, bounded memory."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")
MIB = 1024 * 1024


def big_pdf(path: Path, size: int) -> str:
    """A file of exactly `size` bytes starting like a PDF, written in 1 MiB pieces; its sha256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        head = b"%PDF-1.7\n"
        out.write(head)
        digest.update(head)
        left = size - len(head)
        block = bytes(range(256)) * (MIB // 256)
        while left:
            piece = block[: min(left, MIB)]
            out.write(piece)
            digest.update(piece)
            left -= len(piece)
    return digest.hexdigest()


class MeteredFile:
    """A file the client reads in chunks; notes the process's traced memory at each MiB sent."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("rb")
        self.sent = 0
        self.samples: list[int] = []

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if (self.sent + len(data)) // MIB > self.sent // MIB:
            self.samples.append(tracemalloc.get_traced_memory()[0])
        self.sent += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.handle.seek(offset, whence)

    def tell(self) -> int:
        return self.handle.tell()

    def fileno(self) -> int:
        return self.handle.fileno()


async def test_a_20_mib_upload_streams_in_bounded_memory(
    client: httpx.AsyncClient, world: World, app: FastAPI, tmp_path: Path
) -> None:
    limit = app.state.tdkt.settings.max_upload_bytes
    assert limit == 20 * MIB
    sha = big_pdf(tmp_path / "big.pdf", limit)
    dossier_id = (await submit(client, world)).json()["id"]
    # let the in-process worker settle the new workflow first: its sandbox allocates too
    await eventually(
        client,
        "/api/v1/tasks",
        world.as_("D1", "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )
    metered = MeteredFile(tmp_path / "big.pdf")
    tracemalloc.start()
    try:
        answer = await client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            data={"kind": "bao_cao_thanh_tich"},
            files={"file": ("bao-cao.pdf", metered, "application/pdf")},  # type: ignore[dict-item]
            headers=world.as_("U1", "officer"),
        )
    finally:
        tracemalloc.stop()
        metered.handle.close()
    assert answer.status_code == 201, answer.text
    assert answer.json()["size"] == limit
    assert answer.json()["sha256"] == sha
    # The body flows through: memory in use while the 3rd to the 20th MiB are sent stays
    # within a few chunks of what it was after the 2nd (a buffered body would grow by 18 MiB).
    assert len(metered.samples) == 20
    growth = max(metered.samples[2:]) - metered.samples[1]
    assert growth < 3 * MIB, f"memory grew by {growth / MIB:.1f} MiB during the upload"

    got = await client.get(
        f"/api/v1/dossiers/{dossier_id}/attachments/{answer.json()['id']}",
        headers=world.as_("U1", "officer"),
    )
    assert got.status_code == 200
    assert int(got.headers["content-length"]) == limit
    assert hashlib.sha256(got.content).hexdigest() == sha


async def test_one_byte_over_the_limit_is_413_and_nothing_is_stored(
    client: httpx.AsyncClient, world: World, app: FastAPI, tmp_path: Path
) -> None:
    limit = app.state.tdkt.settings.max_upload_bytes
    big_pdf(tmp_path / "over.pdf", limit + 1)
    dossier_id = (await submit(client, world)).json()["id"]
    with (tmp_path / "over.pdf").open("rb") as handle:
        answer = await client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            data={"kind": "to_trinh"},
            files={"file": ("over.pdf", handle, "application/pdf")},
            headers=world.as_("U1", "officer"),
        )
    assert answer.status_code == 413, answer.text
    assert str(limit) in answer.json()["detail"]
    listed = await client.get(
        f"/api/v1/dossiers/{dossier_id}/attachments", headers=world.as_("U1", "officer")
    )
    assert listed.json()["items"] == []
    blobs = app.state.tdkt.settings.blob_dir / "dossiers" / dossier_id
    assert not blobs.exists() or not any(p.is_file() for p in blobs.rglob("*"))


async def test_a_declared_length_far_over_the_limit_is_refused_before_reading(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    dossier_id = (await submit(client, world)).json()["id"]
    limit = app.state.tdkt.settings.max_upload_bytes

    async def body() -> AsyncIterator[bytes]:
        yield b"x" * 10

    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        content=body(),
        headers={
            **world.as_("U1", "officer"),
            "Content-Length": str(limit * 2),
            "Content-Type": "multipart/form-data; boundary=b",
        },
    )
    assert answer.status_code == 413


async def test_other_routes_keep_the_request_body_limit(
    client: httpx.AsyncClient, world: World
) -> None:
    """The upload exemption is for upload routes only: a JSON body over 64 kB is still 413."""
    nominees: list[dict[str, object]] = [
        {"kind": "individual", "name": "Nguyễn Văn An " + "ệ" * 250}
    ] * 200
    answer = await submit(client, world, nominees=nominees)
    assert answer.status_code == 413
