"""The public page "Công khai danh sách đề nghị khen thưởng" and its objection form (no login)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.errors import AppError
from api.schemas.public import ObjectionIn, PostingOut
from api.services import objections, public
from api.web.context import Web, WebDep, field_errors
from api.web.forms import keyed, service_errors, single, validation_errors
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)


@dataclass
class Posting:
    """One dossier in public posting and its nominees."""

    dossier_id: str
    award_code: str
    org_name: str
    ends_at: datetime | None
    nominees: list[PostingOut] = field(default_factory=list)


def _group(items: list[PostingOut]) -> list[Posting]:
    groups: dict[str, Posting] = {}
    for item in items:
        group = groups.setdefault(
            item.dossier_id,
            Posting(item.dossier_id, item.award_code, item.org_name, item.posting_ends_at),
        )
        group.nominees.append(item)
    return list(groups.values())


async def _page(
    web: Web,
    *,
    target: str | None = None,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    sent: str | None = None,
    lookup: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    postings = _group((await public.list_postings(session=web.session)).items)
    errors = dict(errors or {})
    if target is not None and target not in {p.dossier_id for p in postings}:
        # no form on this page for that dossier (not posted, or no longer): say so at the top
        errors = {"": "; ".join(errors.values())}
    return web.render(
        "public.html",
        status_code=status_code,
        form_page="/cong-khai",
        postings=postings,
        target=target,
        errors=errors,
        form=form or {},
        sent=sent,
        lookup=lookup or {},
    )


REFERENCE = re.compile(r"^PA-[0-9A-Z]{4,28}$")
FIELDS = ("content", "contact")


@router.get("/cong-khai")
async def postings_page(web: WebDep) -> Response:
    sent = web.request.query_params.get("da-gui")
    raw = web.request.query_params.get("ma")
    if raw is None:
        return await _page(web, sent=sent)
    reference = raw.strip().upper()
    lookup: dict[str, object] = {"reference": raw}
    if not REFERENCE.match(reference):
        error = {"lookup": web.t("objection.bad_reference")}
        return await _page(web, sent=sent, lookup=lookup, errors=error, status_code=422)
    try:
        found = await objections.lookup(session=web.session, reference=reference)
    except AppError as exc:
        error = {"lookup": exc.detail}
        return await _page(web, sent=sent, lookup=lookup, errors=error, status_code=exc.status)
    lookup["found"] = found
    return await _page(web, sent=sent, lookup=lookup)


@router.post("/cong-khai/{dossier_id}/y-kien")
async def object_to(web: WebDep, dossier_id: str) -> Response:
    form = await web.request.form()
    # as typed (the schema decides what too long or blank means: never cut here)
    shown = {name: _typed(form, name) for name in FIELDS}

    async def refused(errors: dict[str, str], status: int) -> Response:
        keys = {k: f"{k}-{dossier_id}" for k in FIELDS}
        mine = {keys.get(k, f"content-{dossier_id}"): v for k, v in errors.items()}
        return await _page(web, target=dossier_id, errors=mine, form=shown, status_code=status)

    if not await csrf_ok(web.request, _typed(form, "csrf_token")):
        return await refused({"content": web.t("csrf.failed")}, 403)
    client = web.ip
    labels = {"content": web.t("public.content"), "contact": web.t("public.contact")}
    try:
        body = ObjectionIn(
            content=shown["content"].strip(), contact=shown["contact"].strip() or None
        )
        sent = await objections.object_to(
            state=web.state,
            session=web.session,
            dossier_id=dossier_id,
            body=body,
            client_addr=client,
        )
    except ValidationError as exc:
        return await refused(keyed(validation_errors(exc, labels), "", FIELDS), 422)
    except AppError as exc:
        found = service_errors(exc, labels) if exc.errors else field_errors(exc)
        return await refused(keyed(found, "", FIELDS), exc.status)
    return web.redirect(f"/cong-khai?da-gui={sent.reference}#p-{dossier_id}")


def _typed(form: FormData, name: str) -> str:
    return single(form, name)
