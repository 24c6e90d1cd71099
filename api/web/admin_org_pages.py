"""One org's administration page, ``/quan-tri/don-vi/<code>``: change its name, kind (units),
document symbol and place name, and set its signing certificate (PKCS#12 + password).

The page runs the JSON API's services (``api.services.org_edit``, ``signing``,
``certificates``): the same checks, the same audit entries. Only the fields an administrator
changed are sent, so a place name left as shown keeps following the org tree. The certificate
form is multipart, parsed as a stream by the service, its CSRF token checked before the file is
opened; a refusal (damaged file, wrong password, expired certificate) stores nothing and shows
the message next to its field.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from api.errors import AppError, NotFound
from api.middleware import MULTIPART_SLACK
from api.schemas.orgs import CODE_PATTERN, OrgOut, OrgUpdate
from api.services import certificates, org_edit, orgs, signing
from api.services.uploads import PayloadTooLarge
from api.web.admin_form import Errors, admin, apply, posted, raw
from api.web.admin_pages import OPTIONS, ORG_LABELS
from api.web.attachment_pages import drain
from api.web.context import Web, WebDep, field_errors
from api.web.forms import in_order, keyed
from api.web.session import csrf_form_check
from domain.levels import Level

router = APIRouter(include_in_schema=False)
EDITABLE = ("name", "kind", "doc_symbol", "locality")
CERT_FIELDS = ("file", "password")


def _shown(org: OrgOut) -> dict[str, str]:
    """The edit form's values as the page shows them (the org's effective values)."""
    kind = "" if org.kind is None else org.kind.value
    return {"name": org.name, "kind": kind, "doc_symbol": org.doc_symbol, "locality": org.locality}


async def _certificate(web: Web, code: str) -> dict[str, object] | None:
    try:
        return await certificates.certificate_of(
            state=web.state, session=web.session, principal=admin(web), org_code=code
        )
    except NotFound:
        return None


async def _org_page(
    web: Web, org: OrgOut, form: dict[str, str], errors: Errors, status: int
) -> Response:
    certificate = await _certificate(web, org.code)
    if org.parent_code:
        parent = await orgs.get_org(session=web.session, code=org.parent_code)
        web.names[parent.code] = parent.name
    order = ("", "name", "kind", "doc_symbol", "locality", "cert", "cert-file", "cert-password")
    return web.render(
        "admin/org.html",
        status_code=status,
        form_page=web.here(),
        org=org,
        is_unit=org.level is Level.unit,
        form=form or _shown(org),
        errors=in_order(errors, order),
        certificate=certificate,
        **OPTIONS,
    )


async def _org(web: Web, code: str) -> OrgOut | Response:
    """The org of the address, or the page saying there is none."""
    if re.fullmatch(CODE_PATTERN, code) is None:
        return web.error_page(NotFound(web.t("msg.org_code_not_found", code=code)))
    try:
        return await orgs.get_org(session=web.session, code=code)
    except AppError as exc:
        return web.error_page(exc)


@router.get("/quan-tri/don-vi/{code}")
async def org_page(web: WebDep, code: str) -> Response:
    if refused := web.admin_only():
        return refused
    org = await _org(web, code)
    return org if isinstance(org, Response) else await _org_page(web, org, {}, {}, 200)


def _changes(org: OrgOut, typed: dict[str, str]) -> dict[str, Any]:
    """What the administrator changed: a field as typed when it differs from what was shown;
    an emptied symbol or place name goes back to its default (null)."""
    shown = _shown(org)
    changed: dict[str, Any] = {}
    for name in EDITABLE:
        if name == "kind" and org.level is not Level.unit:
            continue
        if typed[name].strip() == shown[name]:
            continue
        blank = not typed[name].strip()
        changed[name] = None if blank and name in ("doc_symbol", "locality") else typed[name]
    return changed


@router.post("/quan-tri/don-vi/{code}")
async def org_update(web: WebDep, code: str) -> Response:
    if refused := web.admin_only():
        return refused
    org = await _org(web, code)
    if isinstance(org, Response):
        return org
    form, (errors, status) = await posted(web)
    typed = {n: raw(form, n) for n in EDITABLE}
    if not errors:
        errors, status = await apply(
            web,
            OrgUpdate,
            _changes(org, typed),
            lambda body: org_edit.update_org(
                session=web.session, principal=admin(web), code=org.code, body=body, ip=web.ip
            ),
            ORG_LABELS,
        )
    if errors:
        await web.session.rollback()
        errors = {("" if k == "body" else k): v for k, v in errors.items()}
        return await _org_page(web, org, typed, errors, status)
    name = typed["name"].strip() or org.name
    return web.redirect(f"/quan-tri/don-vi/{org.code}", notice="flash.org_updated", name=name)


def _cert_errors(web: Web, exc: AppError) -> Errors:
    if isinstance(exc, PayloadTooLarge):
        kb = signing.MAX_PKCS12_BYTES // 1000
        return {"cert-file": web.t("msg.pkcs12_too_large", kb=str(kb))}
    return keyed(field_errors(exc), "cert", CERT_FIELDS)


@router.post("/quan-tri/don-vi/{code}/chung-thu")
async def certificate_upload(web: WebDep, code: str) -> Response:
    if refused := web.admin_only():
        return refused
    org = await _org(web, code)
    if isinstance(org, Response):
        return org
    chunks = web.request.stream()
    try:
        await signing.set_certificate(
            state=web.state,
            session=web.session,
            principal=admin(web),
            org_code=org.code,
            chunks=chunks,
            content_type=web.request.headers.get("content-type"),
            ip=web.ip,
            form_check=csrf_form_check(web.request),
        )
    except AppError as exc:
        await web.session.rollback()
        await drain(chunks, signing.MAX_PKCS12_BYTES + MULTIPART_SLACK)
        return await _org_page(web, org, {}, _cert_errors(web, exc), exc.status)
    return web.redirect(
        f"/quan-tri/don-vi/{org.code}#chung-thu", notice="flash.certificate_set", name=org.name
    )
