"""Objections on the web (contract §15): the posting org's chair reads and resolves them on the
dossier page and in the inbox; anyone looks one up by its reference on /cong-khai."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from api.errors import AppError
from api.schemas.public import ObjectionItem, ResolutionIn
from api.services import idempotency, objections
from api.web import once
from api.web.context import WebDep, field_errors
from api.web.dossier_pages import show_dossier
from api.web.forms import keyed, service_errors, text, validation_errors
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)
INBOX = "/"
FIELDS = ("outcome", "comment")


@router.post("/ho-so/{dossier_id}/phan-anh/{reference}/xu-ly")
async def resolve(web: WebDep, dossier_id: str, reference: str) -> Response:
    """Record "dismissed" or "upheld" with the reasons; back to the inbox or the dossier."""
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    key = f"objection-{reference}"
    shown = {f"{key}-outcome": text(form, "outcome"), f"{key}-comment": text(form, "comment")}
    labels = {"outcome": web.t("objection.outcome"), "comment": web.t("objection.reason")}
    back = INBOX if text(form, "back") == "inbox" else f"/ho-so/{dossier_id}#phan-anh"

    async def refused(errors: dict[str, str], status: int) -> Response:
        return await show_dossier(web, dossier_id, errors=errors, form=shown, status_code=status)

    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await refused({key: web.t("csrf.failed")}, 403)
    form_key = once.posted_key(form)  # the same form posted twice resolves it once
    user = web.user
    try:
        body = ResolutionIn.model_validate(
            {"outcome": text(form, "outcome") or None, "comment": text(form, "comment")}
        )

        async def resolve() -> ObjectionItem:
            return await objections.resolve(
                state=web.state,
                session=web.session,
                principal=user,
                dossier_id=dossier_id,
                objection_id=reference,
                body=body,
                key=form_key,
                ip=web.ip,
            )

        # run once per token, as the API's route (same scope: either replays the other)
        done = await idempotency.run_once(
            sessions=web.state.reads,
            key=form_key,
            username=user.username,
            scope=f"resolve:{dossier_id}:{reference}",
            body=body,
            status_code=200,
            result_type=ObjectionItem,
            action=resolve,
        )
    except ValidationError as exc:
        return await refused(keyed(validation_errors(exc, labels), key, FIELDS), 422)
    except AppError as exc:
        await web.session.rollback()
        if kept := once.kept(exc, form_key):  # what the post did is not known: send it again
            shown[f"{key}-{once.FIELD}"] = kept
        errors = service_errors(exc, labels) if exc.errors else field_errors(exc)
        return await refused(keyed(errors, key, FIELDS), exc.status)
    notice = "flash.objection_upheld" if done.status == "upheld" else "flash.objection_dismissed"
    return web.redirect(back, notice=notice, ref=done.reference, id=dossier_id)
