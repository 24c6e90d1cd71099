"""Submitting a draft from its page ("Nộp hồ sơ", contract §13): the route is planned now and
the papers are checked now (when the province enforces the checklist)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from api.errors import AppError
from api.schemas.dossiers import SubmitIn
from api.services import dossier_submit
from api.web.context import WebDep
from api.web.dossier_pages import show_dossier
from api.web.forms import text, validation_errors
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)


@router.post("/ho-so/{dossier_id}/nop")
async def submit(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    shown = {"submit_comment": text(form, "comment"), "submit_round": text(form, "round_code")}
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await show_dossier(
            web, dossier_id, errors={"submit": web.t("csrf.failed")}, form=shown, status_code=403
        )
    try:
        await dossier_submit.submit(
            state=web.state,
            session=web.session,
            principal=web.user,
            dossier_id=dossier_id,
            body=SubmitIn(comment=text(form, "comment"), round_code=shown["submit_round"] or None),
        )
    except ValidationError as exc:
        message = "; ".join(validation_errors(exc).values())
        errors = {"submit": message}
        return await show_dossier(web, dossier_id, errors=errors, form=shown, status_code=422)
    except AppError as exc:
        await web.session.rollback()
        errors = {"submit": exc.detail}  # e.g. the missing papers, named
        return await show_dossier(
            web, dossier_id, errors=errors, form=shown, status_code=exc.status
        )
    return web.redirect(f"/ho-so/{dossier_id}?xong=1")
