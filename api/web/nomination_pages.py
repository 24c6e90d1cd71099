"""The new-nomination form: award, award type, round, nominee table (with each nominee's birth
date, CCCD and cited initiatives), submit or save as a draft. The row check lives in
:mod:`api.web.nomination_check`."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from api.errors import AppError
from api.schemas.dossiers import DossierCreate
from api.schemas.registry import InitiativeOut
from api.services import dossiers, reference, registers, round_choices
from api.services.round_choices import RoundChoice
from api.web import once
from api.web.context import Web, WebDep, field_errors
from api.web.forms import (
    flag,
    in_order,
    initiative_tokens,
    int_or_none,
    keyed,
    nominee_payload,
    nominee_rows,
    service_errors,
    text,
    validation_errors,
)
from api.web.notices import to_dossier
from api.web.render import award_name
from api.web.session import csrf_ok
from domain.award_types import AwardType
from domain.catalog import default_catalog

router = APIRouter(include_in_schema=False)

BLANK_ROW = {"name": "", "position": "", "kind": "individual", "gender": "", "direct": False}
# the form's fields top to bottom: the error summary lists them in this order
ORDER = ("", "award_code", "year", "award_type", "simplified", "round_code", "summary", "nominees")
DOSSIER_FIELDS = ("award_code", "year", "summary", "round_code", "award_type", "simplified")
INITIATIVES_SHOWN = 50  # the register's latest, under the nominee table
CHOSEN = ("award_type", "simplified")  # picked from the form's choices: no typed value to quote

ROW_FIELD = re.compile(
    r"nominees-\d+-(name|position|kind|gender|rating|birth_date|identity_number|initiative_ids)"
)
# a row's list fields are shown as one control: `…-initiative_ids-2` is the initiatives cell,
# `…-history-0-year` (the declared history) is the row's rating
ROW_PART = re.compile(r"(nominees-\d+)-(initiative_ids|history)(-.*)?")
ROW_CELL = {"initiative_ids": "initiative_ids", "history": "rating"}


def row_cell(key: str) -> str:
    """The cell a row's error belongs to (``nominees-0-history-0-year`` → its rating)."""
    part = ROW_PART.fullmatch(key)
    return f"{part.group(1)}-{ROW_CELL[part.group(2)]}" if part else key


def _on_page(errors: dict[str, str]) -> dict[str, str]:
    """Errors of fields the form does not show (the proposer) go to the top of the form, not
    to a field that is not there; a row's list field to its cell."""
    shown: dict[str, str] = {}
    for key, message in errors.items():
        key = row_cell(key)
        key = key if key in ORDER or ROW_FIELD.fullmatch(key) else ""
        shown[key] = f"{shown[key]}; {message}" if key in shown else message
    return shown


def award_options() -> list[tuple[str, str]]:
    return [(a.code, award_name(a.code)) for a in default_catalog().all()]


def award_type_options(web: Web) -> list[tuple[str, str]]:
    return [(t.value, web.t(f"new.award_type.{t.value}")) for t in AwardType]


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
        award_type_options=award_type_options(web),
        form=form,
        rows=rows or [dict(BLANK_ROW)],
        errors=errors,
        targets=summary_targets(errors),
        round_options=await round_options(web, form.get("award_code", "")),
        initiatives=await initiative_register(web),
        **import_context(web),
    )


async def initiative_register(web: Web) -> list[InitiativeOut]:
    """The latest initiatives of the user's subtree, with their numbers: what a row may cite."""
    assert web.user is not None
    page = await registers.list_initiatives(
        session=web.session, principal=web.user, org_code=None, q=None,
        limit=INITIATIVES_SHOWN, offset=0,
    )  # fmt: skip
    return page.items


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
    "award_type": "field.award_type",
}  # the simplified procedure is not labelled: its one refusal names it itself


def row_labels(web: Web, rows: list[dict[str, object]]) -> dict[str, str]:
    """The form's labels by API field; each initiative a row cites is named by what was typed
    in it and the row ("Sáng kiến “12” (dòng 2)"), so a refusal says which one."""
    labels = {field: web.t(msgid) for field, msgid in LABELS.items()}
    for i, row in enumerate(rows):
        for j, token in enumerate(initiative_tokens(str(row.get("initiative_ids", "")))):
            label = web.t("new.initiative_of_row", value=token, n=i + 1)
            labels[f"nominees[{i}].initiative_ids[{j}]"] = label
    return labels


def _procedure_errors(shown: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    """The award type's refusal as well, when the schema refused something else, so the form
    says everything at once (the create's service judges it again, the same way)."""
    if not shown["award_code"]:
        return {}
    try:
        rule = reference.award_rule(shown["award_code"])
        reference.dossier_procedure(
            rule, shown["award_type"] or "regular", shown["simplified"] == "1"
        )
    except AppError as exc:
        return service_errors(exc, labels, {"award_code": shown["award_code"]})
    return {}


@router.post("/ho-so/moi")
async def submit(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    shown = {k: text(form, k) for k in DOSSIER_FIELDS}
    rows = nominee_rows(form)

    async def again(errors: dict[str, str], status: int) -> Response:
        return await _form_page(web, form=shown, rows=list(rows), errors=errors, status_code=status)

    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await again({"": web.t("csrf.failed")}, 403)
    errors = required(web, shown)
    simplified, draft = flag(form, "simplified"), flag(form, "draft")  # else 422 by name
    # the form's one-time token: the same form posted twice makes one dossier (the create's
    # workflow id comes from it), and both posts lead to it
    key = once.posted_key(form)
    try:
        body = DossierCreate.model_validate(
            {
                # the officer's own org; one the form was made to send instead is the
                # service's to refuse (403 out of reach, 422 no such org), never replaced
                "proposer_org": text(form, "proposer_org") or web.user.org_code,
                "award_code": shown["award_code"],
                "summary": shown["summary"],
                "year": int_or_none(shown["year"]),
                "nominees": [nominee_payload(r, int_or_none(shown["year"])) for r in rows],
                "round_code": shown["round_code"] or None,
                "award_type": shown["award_type"] or "regular",
                "simplified": simplified,
                "draft": draft,
            }
        )
    except ValidationError as exc:
        labels = row_labels(web, rows)
        found = {**validation_errors(exc, labels), **_procedure_errors(shown, labels)}
        return await again({**keyed(found), **errors}, 422)
    if errors:
        return await again(errors, 422)
    try:
        created = await dossiers.create(
            state=web.state, session=web.session, principal=web.user, body=body, ip=web.ip, key=key
        )
    except AppError as exc:
        await web.session.rollback()
        if kept := once.kept(exc, key):  # what the post did is not known: resend it as it was
            shown[once.FIELD] = kept
        typed = {k: v for k, v in shown.items() if k not in CHOSEN}
        labels = row_labels(web, rows)
        found = service_errors(exc, labels, typed) if exc.errors else field_errors(exc)
        return await again(keyed(found), exc.status)
    return await to_dossier(web, "create", created)
