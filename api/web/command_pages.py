"""The dossier page's command forms: decide (approve / return / reject), resubmit, extend the
deadline, withdraw, submit a draft. Each runs the same service as the JSON API; a refusal shows
the dossier page again with every message tied to its field (keys ``<form>-<field>``) and
listed in the summary at the top; a success goes back to the dossier, whose page then says
what happened and where the dossier went.

Each form carries a one-time token (:mod:`api.web.once`), sent as the command's
Idempotency-Key: the same form posted twice is applied once, and both posts get its answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.errors import AppError
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import DecisionIn, ExtendIn, ResubmitIn, SubmitIn, WithdrawIn
from api.services import dossier_commands, dossier_submit
from api.services.dossier_commands import CommandCall
from api.web import once, resubmit_form
from api.web.context import Web, WebDep, field_errors
from api.web.dossier_pages import show_dossier
from api.web.forms import keyed, service_errors, text, validation_errors, vote_payload
from api.web.nomination_pages import row_labels
from api.web.notices import to_dossier
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)

VOTE = ("members_total", "present", "in_favor")
DECIDE_FIELDS = (
    "action",
    "comment",
    "nominee_ids",
    "vote",
    *(f"vote-{f}" for f in VOTE),
    "decision_number",
    "decision_date",
)
APPROVE_ONLY = ("nominee_ids", "vote", "decision_number", "decision_date")
# each form's fields by the labels the page shows them with (msgids): its errors name them so
LABELS = {
    "decide": {
        "action": "panel.action",
        "comment": "panel.comment",
        "decision_number": "dossier.decision_no",
        "decision_date": "dossier.decision_date",
    },
    "resubmit": {"comment": "panel.comment", "summary": "dossier.summary"},
    "extend": {"working_days": "panel.extend_days", "comment": "panel.extend_reason"},
    "withdraw": {"comment": "panel.withdraw_reason"},
    "submit": {"comment": "draft.comment", "round_code": "draft.round"},
}


async def _command(
    web: Web,
    dossier_id: str,
    form: FormData,
    *,
    name: str,
    fields: Collection[str],
    run: Callable[[CommandCall], Awaitable[DossierOut]],
    shown: dict[str, Any] | None = None,
    action: str | None = None,
    missing: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    rekey: Callable[[dict[str, str]], dict[str, str]] | None = None,
) -> Response:
    """Check the CSRF token and what the form needs (`missing`: page key → message), run the
    command (``run(call)``, through ``call.once``: keyed by the form's one-time token), answer
    with the dossier page or its refusal. `shown` (what is typed again after a refusal)
    defaults to the form's `fields`; `action` (the success notice) to `name`; `labels` (more
    fields' labels, worded) add to the form's; `rekey` puts the errors under the page's keys
    (by default the form's own: `<name>-<field>`)."""
    labels = {**{f: web.t(msgid) for f, msgid in LABELS[name].items()}, **(labels or {})}
    typed = {f: text(form, f) for f in LABELS[name]}
    shown = _typed(form, name, fields) if shown is None else shown

    def on_page(errors: dict[str, str]) -> dict[str, str]:
        return rekey(errors) if rekey is not None else keyed(errors, name, fields)

    async def refused(errors: dict[str, str], status: int) -> Response:
        return await show_dossier(web, dossier_id, errors=errors, form=shown, status_code=status)

    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await refused({name: web.t("csrf.failed")}, 403)
    key = once.posted_key(form)  # a malformed one: 422 by name, nothing run
    if missing:
        return await refused(missing, 422)
    assert web.user is not None
    call = CommandCall(web.state, web.session, web.user, dossier_id, key, web.ip)
    try:
        done = await run(call)
    except ValidationError as exc:
        return await refused(on_page(validation_errors(exc, labels)), 422)
    except AppError as exc:
        await web.session.rollback()
        errors = service_errors(exc, labels, typed) if exc.errors else field_errors(exc)
        if kept := once.kept(exc, key):  # what the post did is not known: resend it as it was
            shown[f"{name}-{once.FIELD}"] = kept
        return await refused(on_page(errors), exc.status)
    return await to_dossier(web, action or name, done)


def _typed(form: FormData, name: str, fields: Collection[str]) -> dict[str, Any]:
    """What was typed in the form, under the page's keys (shown again after a refusal)."""
    return {f"{name}-{f}": text(form, f) for f in fields}


@router.post("/ho-so/{dossier_id}/quyet-dinh")
async def decide(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    chosen = [v for v in form.getlist("nominee_ids") if isinstance(v, str)]
    shown = _typed(form, "decide", ("action", "comment", "decision_number", "decision_date"))
    shown.update({f"decide-vote-{f}": text(form, f) for f in VOTE})
    shown["decide-nominee_ids"] = chosen
    approve = text(form, "action") == "approve"

    async def run(call: CommandCall) -> DossierOut:
        body = {
            "action": text(form, "action") or None,
            "comment": text(form, "comment"),
            # what only an approval carries is hidden for return / reject: never sent then
            "nominee_ids": (chosen or None) if approve else None,
            "vote": vote_payload(form) if approve else None,
            "decision_number": (text(form, "decision_number") or None) if approve else None,
            "decision_date": (text(form, "decision_date") or None) if approve else None,
        }
        return await call.once("decide", DecisionIn.model_validate(body), dossier_commands.decide)

    return await _command(
        web,
        dossier_id,
        form,
        name="decide",
        fields=DECIDE_FIELDS,
        shown=shown,
        run=run,
        action=text(form, "action"),
        missing=None if text(form, "action") else {"decide-action": _choose(web, "panel.action")},
    )


def _choose(web: Web, label: str) -> str:
    return web.t("field.message", field=web.t(label), message=web.t("form.choose_one"))


def _required(web: Web, label: str) -> str:
    return web.t("field.message", field=web.t(label), message=web.t("pydantic.missing"))


@router.post("/ho-so/{dossier_id}/trinh-lai")
async def resubmit(web: WebDep, dossier_id: str) -> Response:
    """Resubmit a returned dossier, its nominee table edited or not (`api.web.resubmit_form`)."""
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    fields = ("comment", "summary")
    rows = resubmit_form.posted_rows(form)
    shown = _typed(form, "resubmit", fields)
    if rows is not None:
        shown["resubmit-rows"] = rows  # the table as typed, shown again after a refusal

    async def run(call: CommandCall) -> DossierOut:
        nominees = await resubmit_form.nominees_payload(web.session, dossier_id, rows)
        body = ResubmitIn.model_validate(
            {
                "comment": text(form, "comment"),
                "summary": text(form, "summary") or None,
                "nominees": nominees,
            }
        )
        return await call.once("resubmit", body, dossier_commands.resubmit)

    return await _command(
        web,
        dossier_id,
        form,
        name="resubmit",
        fields=fields,
        run=run,
        shown=shown,
        # the nominee table's labels as on the new-nomination form
        labels={k: v for k, v in row_labels(web, rows or []).items() if k.startswith("nominees")},
        rekey=resubmit_form.page_errors,
    )


@router.post("/ho-so/{dossier_id}/gia-han")
async def extend(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()

    async def run(call: CommandCall) -> DossierOut:
        body = ExtendIn.model_validate(
            {"working_days": text(form, "working_days"), "comment": text(form, "comment")}
        )
        return await call.once("extend", body, dossier_commands.extend)

    return await _command(
        web, dossier_id, form, name="extend", fields=("working_days", "comment"), run=run
    )


@router.post("/ho-so/{dossier_id}/rut")
async def withdraw(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()

    async def run(call: CommandCall) -> DossierOut:
        body = WithdrawIn(comment=text(form, "comment"))
        return await call.once("withdraw", body, dossier_commands.withdraw)

    # the API keeps the contract's optional comment (§7); the web asks for the reason, which
    # the history then shows
    missing = None
    if not text(form, "comment"):
        missing = {"withdraw-comment": _required(web, "panel.withdraw_reason")}
    return await _command(
        web, dossier_id, form, name="withdraw", fields=("comment",), run=run, missing=missing
    )


@router.post("/ho-so/{dossier_id}/nop")
async def submit_draft(web: WebDep, dossier_id: str) -> Response:
    """Submit a draft ("Nộp hồ sơ", contract §13): the route is planned and the papers are
    checked now (when the province enforces the checklist)."""
    if web.user is None:
        return web.to_login()
    form = await web.request.form()

    async def run(call: CommandCall) -> DossierOut:
        body = SubmitIn(
            comment=text(form, "comment"),
            summary=text(form, "summary") or None,  # the draft's own when left as shown
            round_code=text(form, "round_code") or None,
        )
        return await call.once("submit", body, dossier_submit.submit)

    return await _command(
        web,
        dossier_id,
        form,
        name="submit",
        fields=("comment", "summary", "round_code"),
        run=run,
    )
