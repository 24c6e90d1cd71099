"""The new-nomination form: award, round, nominee table, per-nominee eligibility (htmx), submit."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.errors import AppError
from api.schemas.dossiers import DossierCreate
from api.schemas.reference import EligibilityIn
from api.services import dossiers, reference, round_choices
from api.services.round_choices import RoundChoice
from api.web.context import Web, WebDep, field_errors
from api.web.eligibility_view import shown_basis, summary, without_rules
from api.web.forms import (
    in_order,
    int_or_none,
    keyed,
    nominee_payload,
    nominee_rows,
    service_errors,
    text,
    validation_errors,
)
from api.web.notices import to_dossier
from api.web.render import award_name, environment
from api.web.session import csrf_ok
from domain.catalog import default_catalog

router = APIRouter(include_in_schema=False)

BLANK_ROW = {"name": "", "position": "", "kind": "individual", "gender": "", "direct": False}
# the form's fields top to bottom: the error summary lists them in this order
ORDER = ("", "award_code", "year", "round_code", "summary", "nominees")


FRAGMENT = {"summary": summary, "shown_basis": shown_basis}
ROW_FIELD = re.compile(r"nominees-\d+-(name|position|kind|gender)")


def _on_page(errors: dict[str, str]) -> dict[str, str]:
    """Errors of fields the form does not show (the proposer, a nominee's registry data) go
    to the top of the form, not to a field that is not there."""
    shown: dict[str, str] = {}
    for key, message in errors.items():
        key = key if key in ORDER or ROW_FIELD.fullmatch(key) else ""
        shown[key] = f"{shown[key]}; {message}" if key in shown else message
    return shown


def award_options() -> list[tuple[str, str]]:
    return [(a.code, award_name(a.code)) for a in default_catalog().all()]


def summary_targets(errors: dict[str, str]) -> dict[str, str]:
    """Where each error of the summary leads: the field, or the first nominee's name."""
    return {"nominees": "f-nominees-0-name"} if "nominees" in errors else {}


async def round_options(web: Web, award_code: str) -> list[RoundChoice]:
    """The open rounds a dossier of the user's org for ``award_code`` may join."""
    assert web.user is not None
    now = datetime.now(UTC)
    return await round_choices.open_for(web.session, web.user.org_code, award_code or None, now)


async def _form_page(
    web: Web,
    *,
    form: dict[str, str] | None = None,
    rows: list[dict[str, object]] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    errors = in_order(_on_page(errors or {}), ORDER)
    form = form or {}
    return web.render(
        "new.html",
        status_code=status_code,
        form_page="/ho-so/moi",
        award_options=award_options(),
        form=form,
        rows=rows or [dict(BLANK_ROW)],
        errors=errors,
        targets=summary_targets(errors),
        round_options=await round_options(web, form.get("award_code", "")),
        **import_context(web),
    )


def import_context(
    web: Web,
    imp: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    rows: list[str] | None = None,
) -> dict[str, object]:
    """The .xlsx import form's values, errors (by input id) and per-row messages."""
    limit = web.state.settings.max_upload_bytes
    return {
        "imp": imp or {},
        "imp_errors": errors or {},
        "imp_rows": rows or [],
        "max_upload_bytes": limit,
        "max_upload_mb": f"{limit / 1_048_576:g}",
    }


@router.get("/ho-so/moi")
async def new_form(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    return await _form_page(web)


@router.get("/ho-so/dot-xet-phu-hop")
async def round_field(web: WebDep) -> Response:
    """htmx: the round choice for the award just chosen (rounds that review it)."""
    if web.user is None:
        return web.to_login()
    query = web.request.query_params
    award = query.get("award_code", "")
    return web.render(
        "partials/round_choice.html",
        round_options=await round_options(web, award),
        form={"round_code": query.get("round_code", "")},
        errors={},
    )


def required(web: Web, shown: dict[str, str]) -> dict[str, str]:
    """The fields the form needs before anything is sent: the award and the year."""
    missing = {}
    if not shown["award_code"]:
        missing["award_code"] = web.t(
            "field.message", field=web.t("new.award"), message=web.t("form.choose_one")
        )
    if not shown["year"]:
        missing["year"] = web.t(
            "field.message", field=web.t("new.year"), message=web.t("pydantic.missing")
        )
    elif int_or_none(shown["year"]) is None:
        missing["year"] = web.t(
            "field.message", field=web.t("new.year"), message=web.t("pydantic.int_parsing")
        )
    return missing


# the form's fields by the labels the page shows (msgids): its errors name them so, once
LABELS = {
    "award_code": "new.award",
    "year": "new.year",
    "summary": "new.summary",
    "round_code": "new.round",
    "nominees": "new.nominees",
}


def _labels(web: Web) -> dict[str, str]:
    return {field: web.t(msgid) for field, msgid in LABELS.items()}


@router.post("/ho-so/moi")
async def submit(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    shown = {k: text(form, k) for k in ("award_code", "year", "summary", "round_code")}
    rows = nominee_rows(form)

    async def again(errors: dict[str, str], status: int) -> Response:
        return await _form_page(web, form=shown, rows=list(rows), errors=errors, status_code=status)

    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await again({"": web.t("csrf.failed")}, 403)
    errors = required(web, shown)
    try:
        body = DossierCreate.model_validate(
            {
                "proposer_org": web.user.org_code,
                "award_code": shown["award_code"],
                "summary": shown["summary"],
                "year": int_or_none(shown["year"]),
                "nominees": [nominee_payload(r, int_or_none(shown["year"])) for r in rows],
                "round_code": shown["round_code"] or None,
                "draft": text(form, "draft") == "1",
            }
        )
    except ValidationError as exc:
        return await again({**keyed(validation_errors(exc, _labels(web))), **errors}, 422)
    if errors:
        return await again(errors, 422)
    try:
        created = await dossiers.create(
            state=web.state, session=web.session, principal=web.user, body=body, ip=web.ip
        )
    except AppError as exc:
        await web.session.rollback()
        labels = _labels(web)
        found = service_errors(exc, labels, shown) if exc.errors else field_errors(exc)
        return await again(keyed(found), exc.status)
    return await to_dossier(web, "create", created)


@router.post("/ho-so/kiem-tra")
async def check_eligibility(web: WebDep) -> Response:
    """htmx: the eligibility service's verdict for one nominee row, as an HTML fragment."""
    t = web.t
    fragment = environment().get_template("partials/eligibility.html")
    if web.user is None or not await csrf_ok(web.request):
        return HTMLResponse(fragment.render(t=t, error=t("csrf.failed")), status_code=403)
    form = await web.request.form()
    row = text(form, "row")
    kind = text(form, f"nominees-{row}-kind") or "individual"
    year = int_or_none(text(form, "year"))
    if not text(form, "award_code"):
        return HTMLResponse(fragment.render(t=t, error=t("new.award") + ": " + t("form.required")))
    if year is None:
        return HTMLResponse(fragment.render(t=t, error=t("new.year") + ": " + t("form.required")))
    if kind == "household":
        return HTMLResponse(fragment.render(t=t, error=t("kind.household") + ": —"))
    if note := without_rules(text(form, "award_code"), kind):
        # no automatic checks for this award: a note for the council, not an error
        return HTMLResponse(fragment.render(error=None, result=note, **FRAGMENT))
    try:
        body = EligibilityIn.model_validate(
            {
                "award_code": text(form, "award_code"),
                "year": year,
                "subject": kind,
                "history": [{"year": year, "rating": text(form, f"nominees-{row}-rating") or "HT"}],
                "awards": [],
            }
        )
        result = reference.eligibility(body)
    except ValidationError as exc:
        message = "; ".join(validation_errors(exc).values())
        return HTMLResponse(fragment.render(t=t, error=message))
    except AppError as exc:
        return HTMLResponse(fragment.render(t=t, error=exc.detail))
    return HTMLResponse(fragment.render(error=None, result=result, **FRAGMENT))
