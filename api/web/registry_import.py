"""Importing past awards from an .xlsx on the web (``/so-khen-thuong/nhap-excel``, contract §12),
through the API's use case (``api.services.registry.import_workbook``): every row or none. A
refused workbook shows a table of its errors, each naming the row and the column, and nothing
is imported; the form links the blank workbook with the header row the reader expects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter
from fastapi.responses import Response

from api.errors import AppError, Forbidden, Invalid
from api.middleware import MULTIPART_SLACK
from api.services import registry
from api.services.uploads import PayloadTooLarge, receive_form
from api.web.attachment_pages import drain, upload_errors
from api.web.context import Web, WebDep
from api.web.registry_form import writer_only
from api.web.registry_pages import LIST
from api.web.session import csrf_form_check

router = APIRouter(include_in_schema=False)
IMPORT = "/so-khen-thuong/nhap-excel"


def _page(
    web: Web, errors: dict[str, str], rows: list[dict[str, Any]], status: int = 200
) -> Response:
    limit = web.state.settings.max_upload_bytes
    return web.render(
        "registry/import.html",
        status_code=status,
        form_page=IMPORT,
        errors=errors,
        rows=rows,
        max_upload_bytes=limit,
        max_upload_mb=f"{limit / 1_048_576:g}",
    )


def _refusal(web: Web, exc: AppError) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The message by the file field, and the rows at fault (row, column, message)."""
    rows = [e for e in exc.errors if e.get("row") is not None]
    if isinstance(exc, Invalid) and rows:
        return {"file": exc.detail}, rows
    if isinstance(exc, Forbidden):
        return {"": exc.detail}, []
    return upload_errors(web, exc, "file"), []


@router.get(IMPORT)
async def import_form(web: WebDep) -> Response:
    return writer_only(web) or _page(web, {}, [])


async def _received(web: Web, chunks: AsyncIterator[bytes], limit: int) -> bytes:
    """The workbook's bytes, once the form's CSRF token was found to repeat the visit's (403
    before the file is read otherwise); the multipart reader keeps the file off memory."""
    form = await receive_form(
        chunks, web.request.headers.get("content-type"), file_field="file", limit=limit
    )
    try:
        csrf_form_check(web.request)(form.fields)
        if form.file is None or form.file.size == 0:
            raise Invalid.field("file", web.t("msg.the_file_is_missing_or_empty"))
        return await anyio.Path(form.file.path).read_bytes()
    finally:
        await anyio.to_thread.run_sync(form.discard)


@router.post(IMPORT)
async def import_workbook(web: WebDep) -> Response:
    if refused := writer_only(web):
        return refused
    assert web.user is not None
    limit = web.state.settings.max_upload_bytes
    declared = web.request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        return _page(web, upload_errors(web, PayloadTooLarge(""), "file"), [], 413)
    chunks = web.request.stream()
    try:
        data = await _received(web, chunks, limit)
        done = await registry.import_workbook(
            session=web.session, principal=web.user, data=data, ip=web.ip
        )
    except AppError as exc:
        await web.session.rollback()
        await drain(chunks, limit + MULTIPART_SLACK)
        errors, rows = _refusal(web, exc)
        return _page(web, errors, rows, exc.status)
    return web.redirect(LIST, notice="flash.registry_imported", n=str(done.imported))
