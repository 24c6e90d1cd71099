"""The public page "Công khai danh sách đề nghị khen thưởng" and its objection form (no login)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response
from pydantic import ValidationError

from api.errors import AppError
from api.schemas.public import ObjectionIn, PostingOut
from api.schemas.text import MultilineText, Text
from api.services import objections, public
from api.web.context import Web, WebDep, field_errors
from api.web.forms import validation_errors
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
    target: Text | None = None,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    sent: Text | None = None,
    lookup: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    postings = await public.list_postings(session=web.session)
    return web.render(
        "public.html",
        status_code=status_code,
        postings=_group(postings.items),
        target=target,
        errors=errors or {},
        form=form or {},
        sent=sent,
        lookup=lookup or {},
    )


REFERENCE = re.compile(r"^PA-[0-9A-Z]{4,28}$")


@router.get("/cong-khai")
async def postings_page(web: WebDep) -> Response:
    sent = web.request.query_params.get("da-gui")
    raw = web.request.query_params.get("ma")
    if raw is None:
        return await _page(web, sent=sent)
    reference = raw.strip().upper()
    lookup: dict[str, object] = {"reference": reference[:40]}
    if not REFERENCE.match(reference):
        lookup["error"] = web.t("objection.bad_reference")
        return await _page(web, sent=sent, lookup=lookup, status_code=422)
    try:
        found = await objections.lookup(session=web.session, reference=reference)
    except AppError as exc:
        lookup["error"] = exc.detail
        return await _page(web, sent=sent, lookup=lookup, status_code=exc.status)
    lookup["found"] = found
    return await _page(web, sent=sent, lookup=lookup)


@router.post("/cong-khai/{dossier_id}/y-kien")
async def object_to(
    web: WebDep,
    dossier_id: str,
    content: Annotated[MultilineText, Form(max_length=6000)] = "",
    contact: Annotated[Text, Form(max_length=400)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    shown = {"content": content, "contact": contact}
    if not await csrf_ok(web.request, csrf_token):
        errors = {"content": web.t("csrf.failed")}
        return await _page(web, target=dossier_id, errors=errors, form=shown, status_code=403)
    client = web.request.client.host if web.request.client else "unknown"
    try:
        body = ObjectionIn(content=content.strip(), contact=contact.strip() or None)
        sent = await objections.object_to(
            state=web.state,
            session=web.session,
            dossier_id=dossier_id,
            body=body,
            client_addr=client,
        )
    except ValidationError as exc:
        errors = validation_errors(exc)
        return await _page(web, target=dossier_id, errors=errors, form=shown, status_code=422)
    except AppError as exc:
        errors = field_errors(exc)
        errors.setdefault("content", errors.pop("", ""))
        return await _page(
            web, target=dossier_id, errors=errors, form=shown, status_code=exc.status
        )
    return web.redirect(f"/cong-khai?da-gui={sent.reference}#p-{dossier_id}")
