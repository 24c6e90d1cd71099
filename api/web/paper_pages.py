"""Generated papers on the web (contract §14): tờ trình, biên bản, quyết định and its annex,
certificates, the signed quyết định, and the .xlsx exports — the same services as the API,
the same rules (a paper the dossier's state does not allow is refused with its reason).

Every download is in the audit log (``document.downloaded``), like the API's.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from api.blobs import get_blobs
from api.deps import client_address
from api.errors import AppError, NotFound
from api.routers.documents import MEDIA
from api.schemas.text import Text
from api.services import documents, excel_export, signing
from api.services.filenames import content_disposition
from api.web.context import Web, WebDep, field_errors
from api.web.dossier_pages import show_dossier
from api.web.forms import text
from api.web.inbox_pages import list_filter
from api.web.session import csrf_ok
from store.db import transaction
from store.repositories.audit import record_audit

router = APIRouter(include_in_schema=False)
PAPERS = {
    "to-trinh.pdf",
    "to-trinh.docx",
    "bien-ban.pdf",
    "quyet-dinh.pdf",
    "quyet-dinh.docx",
    "quyet-dinh.xlsx",
}
LEVEL = re.compile(r"^[a-z]{1,16}$")
NOMINEE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,48}$")


async def audited(web: Web) -> None:
    """Record the download of a paper or a list, like the API's `AuditedRead`."""
    assert web.user is not None
    async with transaction(web.state.sessions) as session:
        await record_audit(
            session,
            web.user.username,
            "document.downloaded",
            web.request.url.path[:300],
            client_address(web.request),
        )


async def _file(web: Web, data: bytes, fmt: str, filename: str) -> Response:
    await audited(web)
    headers = {
        "Content-Disposition": content_disposition(filename),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type=MEDIA[fmt], headers=headers)


@router.get("/ho-so/{dossier_id}/van-ban/quyet-dinh-da-ky.pdf")
async def signed_pdf(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        row, chunks = await signing.signed_decision(
            session=web.session,
            blobs=get_blobs(web.request),
            principal=web.user,
            dossier_id=dossier_id,
        )
    except AppError as exc:
        return web.error_page(exc)
    await audited(web)
    headers = {
        "Content-Disposition": content_disposition(f"quyet-dinh-{dossier_id}.signed.pdf"),
        "Content-Length": str(row.size),
        "Cache-Control": "private, no-store",
    }
    return StreamingResponse(chunks, media_type="application/pdf", headers=headers)


@router.get("/ho-so/{dossier_id}/van-ban/{paper}")
async def paper(web: WebDep, dossier_id: str, paper: str, cap: str = "") -> Response:
    """A generated paper; ``cap`` (checked against LEVEL here) picks the stage's level."""
    if web.user is None:
        return web.to_login()
    if paper not in PAPERS or (cap and not LEVEL.match(cap)):
        return web.error_page(NotFound(web.t("msg.no_such_paper")))
    name, _, fmt = paper.partition(".")
    level = cap or None
    settings = web.state.settings
    try:
        facts = await documents.load(web.session, web.user, dossier_id)
        if name == "to-trinh":
            data = await documents.to_trinh(facts, settings, fmt, level)
        elif name == "bien-ban":
            data = await documents.bien_ban(facts, settings, level)
        else:
            data = await documents.quyet_dinh(facts, settings, fmt)
    except AppError as exc:
        return web.error_page(exc)
    suffix = f"-{level}" if level else ""
    return await _file(web, data, fmt, f"{name}-{dossier_id}{suffix}.{fmt}")


@router.get("/ho-so/{dossier_id}/bang-khen/{nominee_id}.pdf")
async def certificate(web: WebDep, dossier_id: str, nominee_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    if not NOMINEE_ID.match(nominee_id):
        return web.error_page(NotFound(web.t("msg.no_such_nominee")))
    try:
        facts = await documents.load(web.session, web.user, dossier_id)
        data = await documents.certificate(facts, web.state.settings, nominee_id)
    except AppError as exc:
        return web.error_page(exc)
    return await _file(web, data, "pdf", f"bang-khen-{nominee_id}.pdf")


@router.get("/ho-so/{dossier_id}/danh-sach.xlsx")
async def nominees_xlsx(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        facts = await documents.load(web.session, web.user, dossier_id)
    except AppError as exc:
        return web.error_page(exc)
    return await _file(web, documents.nominees_sheet(facts), "xlsx", f"danh-sach-{dossier_id}.xlsx")


@router.get("/ho-so.xlsx")
async def dossiers_xlsx(
    web: WebDep,
    q: Annotated[Text, Query(max_length=200)] = "",
    status: Annotated[Text, Query(max_length=20)] = "",
    award_code: Annotated[Text, Query(max_length=32)] = "",
    level: Annotated[Text, Query(max_length=20)] = "",
    org_code: Annotated[Text, Query(max_length=64)] = "",
    overdue: Annotated[Text, Query(max_length=5)] = "",
) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        filters = list_filter(q, status, award_code, level, org_code, overdue)
        data = await excel_export.dossiers_sheet(
            session=web.session, principal=web.user, filters=filters
        )
    except AppError as exc:
        return web.error_page(exc)
    return await _file(web, data, "xlsx", "danh-sach-ho-so.xlsx")


@router.post("/ho-so/{dossier_id}/ky-quyet-dinh")
async def sign(web: WebDep, dossier_id: str) -> Response:
    """The deciding chair signs the quyết định with the org's certificate (PAdES)."""
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await show_dossier(
            web, dossier_id, errors={"sign": web.t("csrf.failed")}, status_code=403
        )
    try:
        await signing.sign_decision(
            state=web.state,
            session=web.session,
            blobs=get_blobs(web.request),
            principal=web.user,
            dossier_id=dossier_id,
            ip=web.ip,
        )
    except AppError as exc:
        await web.session.rollback()
        message = "; ".join(field_errors(exc).values())
        return await show_dossier(web, dossier_id, errors={"sign": message}, status_code=exc.status)
    return web.redirect(f"/ho-so/{dossier_id}#van-ban", notice="flash.signed", id=dossier_id)
