"""Blobs as files under a folder (`TDKT_DATA_DIR/blobs`); writes are atomic (temp + rename)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

import anyio

from store.blobs import CHUNK_BYTES, BlobNotFound, check_key


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        target = self._path(key)
        await anyio.Path(target.parent).mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        size = 0
        try:
            async with await anyio.open_file(temp, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    await out.write(chunk)
            await anyio.to_thread.run_sync(os.replace, temp, target)
        except BaseException:
            await anyio.Path(temp).unlink(missing_ok=True)
            raise
        return size

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle = await anyio.open_file(path, "rb")
        except FileNotFoundError:
            raise BlobNotFound(key) from None
        async with handle:
            while chunk := await handle.read(CHUNK_BYTES):
                yield chunk

    async def delete(self, key: str) -> None:
        await anyio.Path(self._path(key)).unlink(missing_ok=True)
