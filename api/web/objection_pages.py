"""Objections on the web (contract §15): the posting org's chair reads and resolves them on the
dossier page and in the inbox; anyone looks one up by its reference on /cong-khai."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from api.errors import AppError
from api.schemas.public import ResolutionIn
from api.services import objections
from api.web.context import WebDep, field_errors
from api.web.dossier_pages import show_dossier
from api.web.forms import text, validation_errors
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)
INBOX = "/"


@router.post("/ho-so/{dossier_id}/phan-anh/{reference}/xu-ly")
async def resolve(web: WebDep, dossier_id: str, reference: str) -> Response:
    """Record "dismissed" or "upheld" with the reasons; back to the inbox or the dossier."""
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    key = f"objection-{reference}"
    shown = {f"{key}-outcome": text(form, "outcome"), f"{key}-comment": text(form, "comment")}
    back = INBOX if text(form, "back") == "inbox" else f"/ho-so/{dossier_id}?xong=1#phan-anh"
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await show_dossier(
            web, dossier_id, errors={key: web.t("csrf.failed")}, form=shown, status_code=403
        )
    try:
        body = ResolutionIn.model_validate(
            {"outcome": text(form, "outcome") or None, "comment": text(form, "comment")}
        )
        await objections.resolve(
            state=web.state,
            session=web.session,
            principal=web.user,
            dossier_id=dossier_id,
            objection_id=reference,
            body=body,
        )
    except ValidationError as exc:
        errors = {f"{key}-{k}": v for k, v in validation_errors(exc).items()}
        return await show_dossier(web, dossier_id, errors=errors, form=shown, status_code=422)
    except AppError as exc:
        await web.session.rollback()
        message = "; ".join(field_errors(exc).values())
        return await show_dossier(
            web, dossier_id, errors={key: message}, form=shown, status_code=exc.status
        )
    return web.redirect(back)
