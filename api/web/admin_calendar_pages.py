"""The calendar administration page, ``/quan-tri/lich``: working-day overrides of the
Vietnamese calendar (a day off made a working day, or the reverse), through the JSON API's
``api.services.calendar`` (the same checks, audit entries and deadline recalculation job).
Administrators only; the form repeats the CSRF token.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter
from fastapi.responses import Response

from api.errors import AppError
from api.schemas.reference import OverrideIn
from api.services import calendar
from api.web.admin_form import Errors, admin, apply, ip, posted, raw
from api.web.context import Web, WebDep, field_errors
from api.web.forms import in_order
from api.web.list_query import whole_number
from domain.calendar import local_date

router = APIRouter(include_in_schema=False)
CALENDAR_LABELS = {
    "day": "admin.calendar.day",
    "working": "admin.calendar.kind",
    "note": "admin.calendar.note",
}


def _year(web: Web) -> int:
    """The year asked for (``?nam=``, this year when absent); 422 for one out of range."""
    found = whole_number(web.request.query_params, "nam", low=1990, high=2100, label="year")
    return found or local_date(datetime.now(UTC)).year


async def _calendar_page(
    web: Web, year: int, form: dict[str, str], errors: Errors, status: int = 200
) -> Response:
    found = await calendar.list_overrides(session=web.session, principal=admin(web), year=year)
    holidays = await calendar.holidays(session=web.session, year=year)
    return web.render(
        "admin/calendar.html",
        status_code=status,
        form_page=web.here(),
        year=year,
        overrides=found,
        holidays=holidays,
        form=form,
        errors=in_order(errors, ("", "day", "working", "note")),
    )


@router.get("/quan-tri/lich")
async def calendar_page(web: WebDep) -> Response:
    if refused := web.admin_only():
        return refused
    try:
        year = _year(web)
    except AppError as exc:
        return web.error_page(exc)
    return await _calendar_page(web, year, {}, {})


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if 1990 <= day.year <= 2100 else None


@router.post("/quan-tri/lich")
async def calendar_change(web: WebDep) -> Response:
    if refused := web.admin_only():
        return refused
    form, (errors, status) = await posted(web)
    typed = {n: raw(form, n) for n in ("day", "working", "note", "action")}
    day = _day(typed["day"].strip())
    try:
        year = day.year if day else _year(web)
    except AppError as exc:
        return web.error_page(exc)
    if not errors and day is None:
        errors, status = {"day": web.t("msg.choose_a_day")}, 422
    if not errors and day is not None and typed["action"] == "remove":
        try:
            await calendar.remove_override(
                state=web.state, session=web.session, principal=admin(web), day=day, ip=ip(web)
            )
        except AppError as exc:
            await web.session.rollback()
            errors, status = field_errors(exc), exc.status
        if not errors:
            return web.redirect(
                f"/quan-tri/lich?nam={year}", notice="flash.override_removed", day=f"{day:%d/%m/%Y}"
            )
    elif not errors and day is not None:
        if typed["working"] not in ("1", "0"):
            errors, status = {"working": web.t("msg.choose_working_or_day_off")}, 422
        else:
            errors, status = await apply(
                web,
                OverrideIn,
                {"working": typed["working"] == "1", "note": typed["note"]},
                lambda body: calendar.set_override(
                    state=web.state,
                    session=web.session,
                    principal=admin(web),
                    day=day,
                    body=body,
                    ip=ip(web),
                ),
                CALENDAR_LABELS,
            )
        if not errors:
            notice = "flash.override_working" if typed["working"] == "1" else "flash.override_off"
            return web.redirect(f"/quan-tri/lich?nam={year}", notice=notice, day=f"{day:%d/%m/%Y}")
    return await _calendar_page(web, year, typed, errors, status)
