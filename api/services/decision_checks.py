"""What a chair types into a decision (contract §11): its number and its date.

The number must have the shape tdkt allocates (``<seq>/QĐ-<symbol>``, ND30/2020) with the
issuing body's own symbol (its ``doc_symbol``, else the default of its level); it is written
the way tdkt writes it before the uniqueness check, so a number cannot be used twice by
changing its case or spacing. The date lies between the dossier's submission and today
(Asia/Ho_Chi_Minh). Each refusal is a 422 naming its field; a number already used that year a
409 (both before the workflow is asked anything).

What is typed is judged only once the caller may decide now (contract §7): a dossier not in
review is a 409 and a chair of another org than the stage's a 403 whatever the body says
(:func:`require_turn`). Only the deciding stage's approval issues a decision: a number or a date
typed with an approval that only forwards, or with a return or a rejection, is refused (422)
rather than dropped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, Forbidden, Invalid
from api.field_labels import field_label, labelled
from api.refusal_text import refusal_text
from api.schemas.dossiers import DecisionIn
from core.i18n import _
from domain.calendar import local_date
from domain.decision_number import DecisionNumberError, check_decision_date, normalise_number
from domain.levels import Level
from domain.org_names import default_doc_symbol
from store.repositories import decisions, dossiers, orgs
from store.repositories.dossiers import DossierRow


def _day(value: str) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y")


def _refusal(exc: DecisionNumberError, body_name: str) -> Invalid:
    values = dict(exc.values)
    for key in ("today", "submitted"):
        if key in values:
            values[key] = _day(values[key])
    message = _(f"decision.{exc.field}.{exc.code}", org=body_name, **values)
    return Invalid.field(exc.field, message)


async def _submitted_on(session: AsyncSession, row: DossierRow) -> date:
    """The day (Vietnam) the dossier was first submitted; its creation when none is recorded."""
    if not row.history:
        await dossiers.add_details(session=session, row=row)
    times = [e["at"] for e in row.history if e.get("action") == "submitted"]
    return local_date(min(times) if times else row.created_at)


async def _symbol(session: AsyncSession, org_code: str) -> tuple[str, str]:
    """The issuing body's decision symbol and its name."""
    org = await orgs.get(session=session, code=org_code)
    if org is None:  # a principal's org always exists; a deleted one cannot decide
        raise Invalid.field("decision_number", _("decision.decision_number.no_body"))
    return org.doc_symbol or default_doc_symbol(org.code, Level(org.level), org.name), org.name


def require_turn(row: DossierRow, org_code: str) -> None:
    """409 unless the dossier is in review; 403 unless ``org_code`` acts at its stage (the
    workflow's own refusals, asked of the read model first so that they precede the body's)."""
    if row.status != "in_review" or row.stage_org is None:
        raise Conflict(refusal_text("status_no_review", {"status": row.status}) or row.status)
    if row.stage_org != org_code:
        raise Forbidden(refusal_text("not_your_turn") or row.stage_org)


async def require_decision_here(session: AsyncSession, row: DossierRow, body: DecisionIn) -> None:
    """422 naming ``decision_number``/``decision_date`` when typed with anything but the
    deciding stage's approval (an approval below it only forwards the dossier)."""
    typed = [
        name
        for name, value in (
            ("decision_number", body.decision_number),
            ("decision_date", body.decision_date),
        )
        if value is not None
    ]
    if not typed:
        return
    deciding = bool(row.route_orgs) and row.stage_org == row.route_orgs[-1]
    if body.action == "approve" and deciding:
        return
    if body.action != "approve":
        errors = [{"field": f, "message": _(f"decision.{f}.not_approving")} for f in typed]
    else:
        authority = await orgs.get(session=session, code=row.route_orgs[-1])
        name = row.route_orgs[-1] if authority is None else authority.name
        errors = [{"field": f, "message": _(f"decision.{f}.not_deciding", org=name)} for f in typed]
    raise Invalid(errors[0]["message"], errors=errors)


async def checked(
    session: AsyncSession, row: DossierRow, org_code: str, body: DecisionIn
) -> DecisionIn:
    """``body`` with its number written as tdkt writes it; refused when wrong or used."""
    if body.decision_number is None and body.decision_date is None:
        return body
    symbol, name = await _symbol(session, org_code)
    today = local_date(datetime.now(UTC))
    number = body.decision_number
    try:
        if body.decision_date is not None:
            check_decision_date(body.decision_date, today, await _submitted_on(session, row))
        if number is not None:
            number = normalise_number(number, symbol)
    except DecisionNumberError as exc:
        raise _refusal(exc, name) from None
    if number is None:
        return body
    year = (body.decision_date or today).year
    if await decisions.number_used(session, org_code, year, number):
        used = labelled(field_label("decision_number"), _("msg.already_used"))
        raise Conflict(
            _("msg.decision_number_decision_number_is_already", decision_number=number, year=year),
            errors=[{"field": "decision_number", "message": used}],
        )
    return body.model_copy(update={"decision_number": number})
