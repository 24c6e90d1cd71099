"""Attachment bytes: receive and check an upload, then move it into the blob store."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Invalid
from api.services import sniff
from api.services.uploads import ReceivedForm, receive_form
from core.i18n import _
from domain.documents import DocumentKind
from store.blobs import CHUNK_BYTES, BlobStore

# Called with the form's text fields once the body is parsed, before anything is stored (the
# web UI checks its CSRF token there: a multipart form cannot be read twice).
FormCheck = Callable[[dict[str, str]], None]


def form_kind(form: ReceivedForm) -> DocumentKind:
    raw = form.fields.get("kind")
    if raw is None or raw not in DocumentKind.__members__:
        allowed = ", ".join(f"{k.value} ({_(f'doc.{k.value}')})" for k in DocumentKind)
        raise Invalid.field("kind", _("msg.kind_must_be_one_of", allowed=allowed))
    return DocumentKind(raw)


async def file_chunks(path: Path) -> AsyncIterator[bytes]:
    async with await anyio.open_file(path, "rb") as handle:
        while chunk := await handle.read(CHUNK_BYTES):
            yield chunk


async def received(
    chunks: AsyncIterator[bytes],
    content_type: str | None,
    limit: int,
    *,
    need_kind: bool,
    form_check: FormCheck | None = None,
) -> tuple[ReceivedForm, DocumentKind | None, str]:
    form = await receive_form(chunks, content_type, file_field="file", limit=limit)
    try:
        if form_check is not None:
            form_check(form.fields)
        kind = form_kind(form) if need_kind or "kind" in form.fields else None
        if form.file is None or form.file.size == 0:
            raise Invalid.field("file", _("msg.the_file_is_missing_or_empty"))
        mime = await anyio.to_thread.run_sync(
            sniff.checked_type, form.file.path, form.file.filename, form.file.declared_type
        )
    except BaseException:
        form.discard()
        raise
    return form, kind, mime


def blob_key(dossier_id: str, attachment_id: str) -> str:
    return f"dossiers/{dossier_id}/attachments/{attachment_id}/{secrets.token_hex(8)}"


async def store(blobs: BlobStore, key: str, form: ReceivedForm) -> None:
    assert form.file is not None
    try:
        await blobs.put(key, file_chunks(form.file.path))
    finally:
        await anyio.to_thread.run_sync(form.discard)


async def commit_or_drop(session: AsyncSession, blobs: BlobStore, key: str) -> None:
    try:
        await session.commit()
    except BaseException:
        await session.rollback()
        await blobs.delete(key)
        raise
