"""The dossier's attachments on the web: upload, replace, delete (the proposer's officers) and
download (anyone who can see the dossier), through `api.services.attachments`.

Uploads are parsed as a stream by the service (the body is never buffered whole); the CSRF
token travels as a form field and is checked once the form is parsed, before anything is
stored. Any refusal re-renders the dossier page with the message next to the file field.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse

from api.blobs import get_blobs
from api.errors import AppError, NotFound
from api.middleware import MULTIPART_SLACK
from api.schemas.attachments import AttachmentOut
from api.services import attachments
from api.services.filenames import content_disposition
from api.services.uploads import PayloadTooLarge, UnsupportedMedia
from api.web.context import Web, WebDep, field_errors
from api.web.dossier_pages import show_dossier
from api.web.forms import text
from api.web.paper_pages import audited
from api.web.session import csrf_form_check, csrf_ok

router = APIRouter(include_in_schema=False)
ATTACHMENT_ID = re.compile(r"^TL-[0-9A-F]{12}$")


def upload_errors(web: Web, exc: AppError, field: str) -> dict[str, str]:
    """A refusal as ``{form field: Vietnamese message}``; the file's size and type go to the
    file input, whatever the service named."""
    if isinstance(exc, PayloadTooLarge):
        mb = web.state.settings.max_upload_bytes / 1_048_576
        return {field: web.t("papers.too_large", mb=f"{mb:g}")}
    messages = field_errors(exc)
    if isinstance(exc, UnsupportedMedia):
        return {field: web.t("papers.bad_type") + " " + "; ".join(messages.values())}
    return {(f"{field}-{k}" if k and k != "file" else field): v for k, v in messages.items()}


async def drain(chunks: AsyncIterator[bytes], limit: int) -> None:
    """Read what is left of a refused upload (up to `limit`), so the browser gets the page
    rather than a reset connection."""
    seen = 0
    try:
        async for chunk in chunks:
            seen += len(chunk)
            if seen > limit:
                return
    except Exception:  # a client that went away: nothing left to answer
        return


Refusal = tuple[dict[str, str], int]


async def _receive(
    web: Web, dossier_id: str, field: str, attachment_id: str | None
) -> AttachmentOut | Refusal:
    """Run the upload or the replacement: the file stored, or the errors to show and the
    status."""
    assert web.user is not None
    limit = web.state.settings.max_upload_bytes
    declared = web.request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        return upload_errors(web, PayloadTooLarge(""), field), 413
    chunks = web.request.stream()
    common = {
        "session": web.session,
        "blobs": get_blobs(web.request),
        "principal": web.user,
        "dossier_id": dossier_id,
        "chunks": chunks,
        "content_type": web.request.headers.get("content-type"),
        "limit": limit,
        "ip": web.ip,
        "form_check": csrf_form_check(web.request),
    }
    try:
        if attachment_id is None:
            return await attachments.upload(**common)  # type: ignore[arg-type]
        return await attachments.replace(attachment_id=attachment_id, **common)  # type: ignore[arg-type]
    except AppError as exc:
        await web.session.rollback()
        await drain(chunks, limit + MULTIPART_SLACK)
        return upload_errors(web, exc, field), exc.status


async def _stored(web: Web, dossier_id: str, got: AttachmentOut | Refusal, notice: str) -> Response:
    """Back to the dossier's papers saying which file went in, or the page with the refusal."""
    if isinstance(got, AttachmentOut):
        kind = web.t(f"doc.{got.kind.value}")
        return web.redirect(
            f"/ho-so/{dossier_id}#tai-lieu",
            notice=notice,
            name=got.filename,
            kind=kind,
            id=dossier_id,
        )
    return await show_dossier(web, dossier_id, errors=got[0], status_code=got[1])


@router.post("/ho-so/{dossier_id}/tai-lieu")
async def upload(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    got = await _receive(web, dossier_id, "file", None)
    return await _stored(web, dossier_id, got, "flash.attached")


@router.post("/ho-so/{dossier_id}/tai-lieu/{attachment_id}/thay")
async def replace(web: WebDep, dossier_id: str, attachment_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    if not ATTACHMENT_ID.match(attachment_id):
        return web.error_page(NotFound(web.t("msg.attachment_not_found")))
    field = f"replace-{attachment_id}"
    got = await _receive(web, dossier_id, field, attachment_id)
    return await _stored(web, dossier_id, got, "flash.replaced")


@router.post("/ho-so/{dossier_id}/tai-lieu/{attachment_id}/xoa")
async def delete(web: WebDep, dossier_id: str, attachment_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    if not ATTACHMENT_ID.match(attachment_id):
        return web.error_page(NotFound(web.t("msg.attachment_not_found")))
    field = f"delete-{attachment_id}"
    form = await web.request.form()
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await show_dossier(
            web, dossier_id, errors={field: web.t("csrf.failed")}, status_code=403
        )
    try:
        listed = await attachments.list_(
            session=web.session, principal=web.user, dossier_id=dossier_id
        )
        name = next((a.filename for a in listed.items if a.id == attachment_id), attachment_id)
        await attachments.delete(
            session=web.session,
            blobs=get_blobs(web.request),
            principal=web.user,
            dossier_id=dossier_id,
            attachment_id=attachment_id,
            ip=web.ip,
        )
    except AppError as exc:
        await web.session.rollback()
        message = "; ".join(field_errors(exc).values())
        return await show_dossier(web, dossier_id, errors={field: message}, status_code=exc.status)
    return web.redirect(
        f"/ho-so/{dossier_id}#tai-lieu", notice="flash.deleted", name=name, id=dossier_id
    )


@router.get("/ho-so/{dossier_id}/tai-lieu/{attachment_id}")
async def download(web: WebDep, dossier_id: str, attachment_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    if not ATTACHMENT_ID.match(attachment_id):
        return web.error_page(NotFound(web.t("msg.attachment_not_found")))
    try:
        row, chunks = await attachments.download(
            session=web.session,
            blobs=get_blobs(web.request),
            principal=web.user,
            dossier_id=dossier_id,
            attachment_id=attachment_id,
        )
    except AppError as exc:
        return web.error_page(exc)
    await audited(web)
    headers = {
        "Content-Disposition": content_disposition(row.filename),
        "Content-Length": str(row.size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return StreamingResponse(chunks, media_type=row.content_type, headers=headers)
