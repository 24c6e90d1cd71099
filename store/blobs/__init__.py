"""Blob storage behind one small interface: put, open (a stream) and delete by key.

Attachments and signed papers are bytes too large for a JSONB column and too many for memory:
`put` consumes an async stream of chunks and `open` yields one, so a 20 MB file never sits
whole in memory. Two backends: a folder under `TDKT_DATA_DIR` (default, nothing to start) and
an S3-compatible object store (`TDKT_BLOB_BACKEND=s3`) for clusters.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, AsyncIterator
from typing import Protocol

from core.settings import Settings

CHUNK_BYTES = 256 * 1024
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,254}$")


class BlobNotFound(KeyError):
    """No blob under this key."""


class BlobStore(Protocol):
    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        """Store the stream under `key` (replacing any blob there); return its size."""
        ...

    def open(self, key: str) -> AsyncIterator[bytes]:
        """The blob's bytes in chunks; raises `BlobNotFound` on first iteration if missing."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the blob; a missing key is not an error."""
        ...


def check_key(key: str) -> str:
    """Keys are relative, slash-separated, without `..`: they are built by tdkt, never sent."""
    if not _KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"invalid blob key {key!r}")
    return key


def make_blob_store(settings: Settings) -> BlobStore:
    """The configured backend (`TDKT_BLOB_BACKEND`)."""
    if settings.blob_backend == "s3":
        from store.blobs.s3 import S3BlobStore

        return S3BlobStore.from_settings(settings)
    from store.blobs.local import LocalBlobStore

    return LocalBlobStore(settings.blob_dir)
