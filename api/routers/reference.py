"""Rules as a service: award catalogue, working-day calendar, eligibility, bonus (§4, §6, §8)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep, StateDep
from api.schemas.common import Day, errors
from api.schemas.reference import (
    AwardOut,
    BonusOut,
    EligibilityIn,
    EligibilityOut,
    Holiday,
    OverrideIn,
    OverrideItem,
    OverrideOut,
    OverrideRemovedOut,
    WorkingDays,
)
from api.schemas.text import Text
from api.services import calendar, reference

router = APIRouter(prefix="/api/v1", tags=["rules"])


@router.get(
    "/awards",
    summary="The award catalogue: titles and forms, who decides, ballot, posting, bonus",
    response_model=list[AwardOut],
    responses=errors(401),
)
async def awards(_principal: CurrentUser) -> list[AwardOut]:
    return reference.list_awards()


@router.get(
    "/calendar/working-days",
    summary="The N-th working day after a date (the start day not counted)",
    response_model=WorkingDays,
    responses=errors(401, 422),
)
async def working_days(
    session: SessionDep,
    _principal: CurrentUser,
    start: Annotated[Day, Query(description="YYYY-MM-DD", examples=["2026-02-13"])],
    days: Annotated[int, Query(ge=0, le=2000, examples=[5])],
) -> WorkingDays:
    return await calendar.working_days(session=session, start=start, days=days)


@router.get(
    "/calendar/holidays",
    summary="Public holidays and extra days off of a year (named in the Accept-Language)",
    response_model=list[Holiday],
    responses=errors(401, 422),
)
async def holidays(
    session: SessionDep,
    _principal: CurrentUser,
    year: Annotated[int, Query(ge=1990, le=2100, examples=[2026])],
) -> list[Holiday]:
    return await calendar.holidays(session=session, year=year)


@router.put(
    "/calendar/overrides/{day}",
    summary="Record a working-day override (admin): a make-up working Saturday or an extra day off",
    response_model=OverrideOut,
    responses=errors(401, 403, 422),
)
async def set_override(
    state: StateDep,
    session: SessionDep,
    admin: AdminUser,
    ip: ClientAddress,
    day: Day,
    body: OverrideIn,
) -> OverrideOut:
    return await calendar.set_override(
        state=state, session=session, principal=admin, day=day, body=body, ip=ip
    )


@router.get(
    "/calendar/overrides",
    summary="The working-day overrides of a year (admin)",
    response_model=list[OverrideItem],
    responses=errors(401, 403, 422),
)
async def list_overrides(
    session: SessionDep,
    admin: AdminUser,
    year: Annotated[int, Query(ge=1990, le=2100, examples=[2026])],
) -> list[OverrideItem]:
    return await calendar.list_overrides(session=session, principal=admin, year=year)


@router.delete(
    "/calendar/overrides/{day}",
    summary="Remove a working-day override (admin): the holiday calendar decides that day "
    "again; answers the recalculation it scheduled, as the PUT does",
    response_model=OverrideRemovedOut,
    responses=errors(401, 403, 404, 422),
)
async def remove_override(
    state: StateDep, session: SessionDep, admin: AdminUser, ip: ClientAddress, day: Day
) -> OverrideRemovedOut:
    return await calendar.remove_override(
        state=state, session=session, principal=admin, day=day, ip=ip
    )


@router.post(
    "/eligibility",
    summary="Check a nominee's eligibility for an award from their yearly history",
    response_model=EligibilityOut,
    responses=errors(401, 422),
)
async def eligibility(_principal: CurrentUser, body: EligibilityIn) -> EligibilityOut:
    return reference.eligibility(body)


@router.get(
    "/bonus",
    summary="Bonus amount: coefficient × base salary in force, rounded up to 10,000 VND",
    response_model=BonusOut,
    responses=errors(401, 422),
)
async def bonus(
    _principal: CurrentUser,
    award_code: Annotated[Text, Query(max_length=32, examples=["CSTD_TINH"])],
    subject: Annotated[Literal["individual", "collective", "household"], Query()],
    decision_date: Annotated[Day, Query(examples=["2026-07-15"])],
) -> BonusOut:
    return reference.bonus(award_code=award_code, subject=subject, decision_date=decision_date)
