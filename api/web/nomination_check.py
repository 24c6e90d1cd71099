"""htmx: the new-nomination form's check of one nominee row, judged as the dossier's create
judges it (contract §12): the row's declared rating, and the registers matched by the row's
CCCD, else its name + birth date in the proposer's subtree (past awards, discipline periods,
initiatives). A cited initiative the registers refuse is said here, before the form is sent."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.check_text import worded
from api.errors import AppError
from api.legal_text import cite
from api.schemas.dossiers import NomineeIn
from api.schemas.reference import YEARS, EligibilityOut
from api.schemas.registry import NomineeEligibility
from api.services.registry_eligibility import evaluate_nominees
from api.web.context import Web, WebDep
from api.web.eligibility_view import shown_basis, summary
from api.web.forms import (
    NOMINEE_FIELDS,
    flag,
    int_or_none,
    nominee_payload,
    text,
    validation_errors,
)
from api.web.render import award_name, environment
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)

FRAGMENT = {"summary": summary, "shown_basis": shown_basis, "award_name": award_name}


def _row(form: FormData, row: str) -> dict[str, object]:
    """The row's cells as the form posts them (``nominees-<row>-<field>``)."""
    cells: dict[str, object] = {f: text(form, f"nominees-{row}-{f}") for f in NOMINEE_FIELDS}
    cells["direct"] = flag(form, f"nominees-{row}-direct", f"nominees[{row}].is_direct_worker")
    cells["kind"] = cells["kind"] or "individual"
    cells["rating"] = cells["rating"] or "HT"
    return cells


def _nominee(web: Web, cells: dict[str, object], row: str, year: int) -> NomineeIn:
    """The row as the create's nominee; a row not named yet is named by its number (a CCCD
    alone finds the person in the registers)."""
    payload = nominee_payload(cells, year)
    number = (int_or_none(row) or 0) + 1
    payload.setdefault("name", web.t("new.unnamed_row", n=number))
    return NomineeIn.model_validate(payload)


def _fragment(
    web: Web, *, error: str | None = None, status_code: int = 200, **context: object
) -> HTMLResponse:
    template = environment().get_template("partials/eligibility.html")
    html = template.render(t=web.t, error=error, **FRAGMENT, **context)
    return HTMLResponse(html, status_code=status_code)


def _shown(found: NomineeEligibility) -> EligibilityOut:
    """The checks in the reader's language, their bases in words (the service keeps them as the
    dossier stores them: Vietnamese details, compact citations)."""
    checks = [c.model_copy(update={"basis": cite(c.basis)}) for c in found.checks]
    result = worded(EligibilityOut(eligible=found.eligible, checks=checks))
    assert result is not None
    return result


@router.post("/ho-so/kiem-tra")
async def check_eligibility(web: WebDep) -> HTMLResponse:
    """The eligibility of one nominee row, as an HTML fragment."""
    t = web.t
    if web.user is None or not await csrf_ok(web.request):
        return _fragment(web, error=t("csrf.failed"), status_code=403)
    form = await web.request.form()
    row = text(form, "row")
    cells = _row(form, row)
    award_code = text(form, "award_code")
    year = int_or_none(text(form, "year"))
    if not award_code:
        return _fragment(web, error=t("new.award") + ": " + t("form.required"))
    if year is None:
        return _fragment(web, error=t("new.year") + ": " + t("form.required"))
    if year not in YEARS:
        limit = t("pydantic.greater_than_equal", ge=YEARS.start)
        if year >= YEARS.stop:
            limit = t("pydantic.less_than_equal", le=YEARS.stop - 1)
        return _fragment(web, error=t("field.message", field=t("new.year"), message=limit))
    if cells["kind"] == "household":
        return _fragment(web, error=t("kind.household") + ": —")
    try:
        nominee = _nominee(web, cells, row, year)
        (found,) = await evaluate_nominees(
            web.session, award_code, year, web.user.org_code, [nominee]
        )
    except ValidationError as exc:
        return _fragment(web, error="; ".join(validation_errors(exc).values()))
    except AppError as exc:
        messages = [str(e.get("message", "")) for e in exc.errors] or [exc.detail]
        return _fragment(web, error="; ".join(messages))
    finally:
        await web.session.rollback()  # a read: nothing of it is kept
    return _fragment(web, result=_shown(found), registry=found.registry_awards)
