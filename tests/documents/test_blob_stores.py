"""Both blob backends against real storage: a folder, and moto's S3-compatible HTTP server
(a separate process; boto3 speaks the S3 REST protocol to it, multipart upload included)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from store.blobs import BlobNotFound, BlobStore, make_blob_store
from store.blobs.local import LocalBlobStore
from store.blobs.s3 import PART_BYTES, S3BlobStore
from tests.api.conftest import World, submit
from tests.documents import samples
from tests.documents.conftest import s3_settings

MIB = 1024 * 1024


async def pieces(total: int, size: int = 300_000) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        piece = bytes([sent % 251]) * min(size, total - sent)
        sent += len(piece)
        yield piece


async def read_all(store: BlobStore, key: str) -> tuple[int, str, int]:
    digest, size, chunks = hashlib.sha256(), 0, 0
    async for chunk in store.open(key):
        digest.update(chunk)
        size += len(chunk)
        chunks += 1
    return size, digest.hexdigest(), chunks


async def expected(total: int) -> str:
    digest = hashlib.sha256()
    async for piece in pieces(total):
        digest.update(piece)
    return digest.hexdigest()


@pytest.fixture(params=["local", "s3"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    endpoint: str = request.getfixturevalue("s3_endpoint")
    s3 = make_blob_store(s3_settings(endpoint, f"tdkt-{uuid.uuid4().hex[:8]}"))
    assert isinstance(s3, S3BlobStore)
    await s3.ensure_bucket()
    return s3


@pytest.mark.parametrize("total", [0, 1, PART_BYTES + 123_457, 2 * PART_BYTES + 5 * MIB])
async def test_put_open_delete_round_trip(store: BlobStore, total: int) -> None:
    key = f"dossiers/HS-T/attachments/TL-1/{uuid.uuid4().hex}"
    assert await store.put(key, pieces(total)) == total
    size, sha, chunks = await read_all(store, key)
    assert (size, sha) == (total, await expected(total))
    if total > 2 * MIB:
        assert chunks > 1  # read back in chunks, not in one piece
    await store.put(key, pieces(10))  # replacing keeps one object under the key
    assert (await read_all(store, key))[0] == 10
    await store.delete(key)
    await store.delete(key)  # idempotent
    with pytest.raises(BlobNotFound):
        await read_all(store, key)


async def test_a_failed_stream_leaves_nothing(store: BlobStore) -> None:
    key = f"dossiers/HS-T/attachments/TL-2/{uuid.uuid4().hex}"

    async def broken() -> AsyncIterator[bytes]:
        yield b"x" * PART_BYTES
        raise RuntimeError("client went away")

    with pytest.raises(RuntimeError):
        await store.put(key, broken())
    with pytest.raises(BlobNotFound):
        await read_all(store, key)


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a/../../b", ""])
async def test_keys_cannot_escape(store: BlobStore, key: str) -> None:
    with pytest.raises(ValueError, match="invalid blob key"):
        await store.put(key, pieces(1))


@pytest.mark.usefixtures("worker")
async def test_the_api_on_the_s3_backend(
    client: httpx.AsyncClient, world: World, app: FastAPI, s3_endpoint: str
) -> None:
    s3 = make_blob_store(s3_settings(s3_endpoint, "tdkt-api"))
    assert isinstance(s3, S3BlobStore)
    await s3.ensure_bucket()
    previous = getattr(app.state, "tdkt_blobs", None)
    app.state.tdkt_blobs = s3
    try:
        dossier_id = (await submit(client, world)).json()["id"]
        data = samples.docx_bytes("Báo cáo thành tích năm 2026")
        answer = await client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            data={"kind": "bao_cao_thanh_tich"},
            files={"file": ("bao-cao.docx", data, "")},
            headers=world.as_("U1", "officer"),
        )
        assert answer.status_code == 201, answer.text
        got = await client.get(
            f"/api/v1/dossiers/{dossier_id}/attachments/{answer.json()['id']}",
            headers=world.as_("D1", "chair"),
        )
        assert got.content == data
        listed = s3.client.list_objects_v2(Bucket="tdkt-api", Prefix=f"dossiers/{dossier_id}/")
        assert [o["Size"] for o in listed["Contents"]] == [len(data)]
    finally:
        app.state.tdkt_blobs = previous
