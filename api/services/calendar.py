"""The working-day calendar: Vietnamese holidays (core.holidays) plus admin overrides."""

from __future__ import annotations

from datetime import date

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Invalid, NotFound
from api.field_labels import field_label, labelled
from api.schemas.common import LAST_DAY
from api.schemas.reference import (
    Holiday,
    OverrideIn,
    OverrideItem,
    OverrideOut,
    OverrideRemovedOut,
    WorkingDays,
)
from api.services import calendar_batch
from api.state import AppState
from core.holidays import calendar_from, holiday_name
from core.i18n import _
from domain.calendar import WorkingCalendar
from store.repositories import calendar as overrides
from store.repositories.audit import record_audit

log = structlog.get_logger("tdkt.api.calendar")


async def working_calendar(
    *, session: AsyncSession, first_year: int, last_year: int
) -> WorkingCalendar:
    """Holidays of the years plus the overrides recorded for them."""
    recorded = await overrides.between(
        session=session, start=date(first_year, 1, 1), end=date(last_year, 12, 31)
    )
    return calendar_from(range(first_year, last_year + 1), recorded)


async def working_days(*, session: AsyncSession, start: date, days: int) -> WorkingDays:
    # 5 working days a week at most, minus holidays: 200 a year is a safe lower bound.
    last_year = min(start.year + days // 200 + 1, 9999)
    calendar = await working_calendar(session=session, first_year=start.year, last_year=last_year)
    due = calendar.add_working_days(start, days)
    if due > LAST_DAY:  # the API's dates end with 2199 (README): none beyond is answered either
        message = _(
            "msg.working_days_past_last_day",
            due=due.strftime("%d/%m/%Y"),
            last=LAST_DAY.strftime("%d/%m/%Y"),
        )
        raise Invalid.field("days", labelled(field_label("days"), message))
    return WorkingDays(start=start, days=days, due_date=due)


async def holidays(*, session: AsyncSession, year: int) -> list[Holiday]:
    """The year's days off, each named in the reader's language."""
    calendar = await working_calendar(session=session, first_year=year, last_year=year)
    return [Holiday(date=d, name=holiday_words(name)) for d, name in calendar.holidays_in(year)]


def holiday_words(name: str) -> str:
    """A holiday's name from the catalogues (``holiday.<key>``); a name the calendar does not
    know is shown as it is."""
    meaning = holiday_name(name)
    if meaning.key is None:
        return name
    if meaning.swapped_for is not None:
        return _("holiday.swapped_day_off", day=meaning.swapped_for.strftime("%d/%m/%Y"))
    words = _(f"holiday.{meaning.key}")
    return _("holiday.observed", name=words) if meaning.observed else words


async def set_override(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    day: date,
    body: OverrideIn,
    ip: str,
) -> OverrideOut:
    require_admin(principal)
    before = await _working_on(session, day)
    row = await overrides.upsert(
        session=session,
        day=day,
        working=body.working,
        note=body.note,
        updated_by=principal.username,
    )
    kind = "working" if body.working else "day_off"
    await record_audit(
        session, principal.username, "calendar.override_set", f"{day.isoformat()} {kind}", ip
    )
    await session.commit()
    job = await _recompute_if(body.working != before, state, day)
    log.info(
        "calendar.override_set",
        day=day.isoformat(),
        working=body.working,
        batch_job=job.job_id,
        running=job.running,
    )
    return OverrideOut(
        date=row.day,
        working=row.working,
        note=row.note,
        updated_by=row.updated_by,
        workflows_notified=job.running,
        recalculation_job=job.job_id,
    )


async def _working_on(session: AsyncSession, day: date) -> bool:
    """Whether ``day`` is a working day, holidays and the recorded overrides counted."""
    calendar = await working_calendar(session=session, first_year=day.year, last_year=day.year)
    return calendar.is_working_day(day)


async def _recompute_if(changed: bool, state: AppState, day: date) -> calendar_batch.BatchJob:
    """The running dossiers recompute their deadlines when the day changed; an override that
    says what the calendar already said (a Sunday marked a day off) schedules nothing."""
    if not changed:
        return calendar_batch.BatchJob(None, 0)
    return await calendar_batch.notify_calendar_changed(state=state, day=day)


async def list_overrides(
    *, session: AsyncSession, principal: Principal, year: int
) -> list[OverrideItem]:
    require_admin(principal)
    rows = await overrides.in_year(session=session, year=year)
    return [
        OverrideItem(date=r.day, working=r.working, note=r.note, updated_by=r.updated_by)
        for r in rows
    ]


async def remove_override(
    *, state: AppState, session: AsyncSession, principal: Principal, day: date, ip: str
) -> OverrideRemovedOut:
    """Remove a day's override: the day is again what the holiday calendar says. Running
    dossiers recompute their deadlines as after a PUT. Answers what was scheduled."""
    require_admin(principal)
    before = await _working_on(session, day)
    if not await overrides.remove(session=session, day=day):
        raise NotFound(_("msg.no_calendar_override_on_day", day=day.strftime("%d/%m/%Y")))
    await record_audit(
        session, principal.username, "calendar.override_removed", day.isoformat(), ip
    )
    after = await _working_on(session, day)
    await session.commit()
    job = await _recompute_if(after != before, state, day)
    log.info("calendar.override_removed", day=day.isoformat(), batch_job=job.job_id)
    return OverrideRemovedOut(
        date=day, workflows_notified=job.running, recalculation_job=job.job_id
    )
