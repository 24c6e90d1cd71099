"""The blob store as a dependency: built on first use and kept on `app.state`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from store.blobs import BlobStore, make_blob_store


def get_blobs(request: Request) -> BlobStore:
    blobs: BlobStore | None = getattr(request.app.state, "tdkt_blobs", None)
    if blobs is None:
        blobs = make_blob_store(request.app.state.tdkt.settings)
        request.app.state.tdkt_blobs = blobs
    return blobs


BlobsDep = Annotated[BlobStore, Depends(get_blobs)]
