"""Rounds (contract §9): open, read, list, close; progress stats, events, schedules."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, status

from api.authz import Role
from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep, StateDep, requires_role
from api.routers.dossiers import IdempotencyKey
from api.schemas.common import EmptyBody, errors
from api.schemas.rounds import (
    ROUND_CODE,
    RoundCloseIn,
    RoundCreate,
    RoundEventList,
    RoundList,
    RoundOut,
    RoundScheduleCreate,
    RoundStatsOut,
    ScheduleOut,
)
from api.services import round_gateway, round_queries, rounds
from api.services.idempotency import checked
from store.repositories.audit import append_alone
from workflows.round_contracts import DIGEST_SCHEDULE_ID
from workflows.schedules import DIGEST_CRON

# The role is checked before the body is validated (the owner-org check stays in the service).
CHAIR_OR_ADMIN = requires_role(Role.chair, Role.admin)

router = APIRouter(prefix="/api/v1", tags=["rounds"])
RoundCode = Annotated[str, Path(pattern=ROUND_CODE, examples=["BN-TK-2026"])]


@router.post(
    "/rounds",
    summary="Open a round (chair of the owner org, or admin): starts its RoundWorkflow",
    description=(
        "The owner org's units are the expected submitters, its districts/communes the "
        "expected forwarders. When a cut-off passes, whoever has sent nothing is escalated "
        "(their chair and the chair above are notified), again every `escalate_every`."
    ),
    status_code=status.HTTP_201_CREATED,
    response_model=RoundOut,
    responses=errors(401, 403, 409, 413, 422, 503),
    dependencies=[CHAIR_OR_ADMIN],
)
async def create_round(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    body: RoundCreate,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> RoundOut:
    return await rounds.create(
        state=state, session=session, principal=principal, body=body, ip=ip, key=checked(key)
    )


@router.get(
    "/rounds",
    summary="Rounds owned by your org, an org above it or below it",
    response_model=RoundList,
    responses=errors(401, 422),
)
async def list_rounds(
    session: SessionDep,
    principal: CurrentUser,
    status_: Annotated[Literal["open", "closed"] | None, Query(alias="status")] = None,
) -> RoundList:
    return await round_queries.list_(session=session, principal=principal, status=status_)


@router.get(
    "/rounds/{code}",
    summary="A round: cut-offs and who has submitted, who is late (live while open)",
    response_model=RoundOut,
    responses=errors(401, 404, 422),
)
async def get_round(
    state: StateDep, session: SessionDep, principal: CurrentUser, code: RoundCode
) -> RoundOut:
    return await round_queries.get(state=state, session=session, principal=principal, code=code)


@router.post(
    "/rounds/{code}/close",
    summary="Close a round (chair of the owner org, or admin): stops its timers",
    response_model=RoundOut,
    responses=errors(401, 403, 404, 409, 422, 503),
    dependencies=[CHAIR_OR_ADMIN],
)
async def close_round(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    code: RoundCode,
    ip: ClientAddress,
    body: RoundCloseIn | None = None,
    key: IdempotencyKey = None,
) -> RoundOut:
    return await rounds.close(
        state=state,
        session=session,
        principal=principal,
        code=code,
        body=body or RoundCloseIn(),
        ip=ip,
        key=checked(key),
    )


@router.get(
    "/rounds/{code}/stats",
    summary="Progress of a round: submitted on time / late / not yet, escalations, dossiers",
    response_model=RoundStatsOut,
    responses=errors(401, 404, 422),
)
async def round_stats(
    session: SessionDep, principal: CurrentUser, code: RoundCode
) -> RoundStatsOut:
    return await round_queries.stats(session=session, principal=principal, code=code)


@router.get(
    "/rounds/{code}/events",
    summary="What the round recorded: submissions, forwardings, escalations, late decisions",
    response_model=RoundEventList,
    responses=errors(401, 404, 422),
)
async def round_events(
    session: SessionDep, principal: CurrentUser, code: RoundCode
) -> RoundEventList:
    return await round_queries.events(session=session, principal=principal, code=code)


@router.post(
    "/round-schedules",
    summary="A recurring round (chair of the owner org, or admin): a Temporal Schedule",
    description="Each firing opens the round `<code_prefix>-<YYYYMMDD>` with duration cut-offs.",
    status_code=status.HTTP_201_CREATED,
    response_model=ScheduleOut,
    responses=errors(401, 403, 409, 422, 503),
    dependencies=[CHAIR_OR_ADMIN],
)
async def create_round_schedule(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    body: RoundScheduleCreate,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> ScheduleOut:
    return await rounds.schedule(
        state=state, session=session, principal=principal, body=body, ip=ip, key=key
    )


@router.put(
    "/digest/schedule",
    summary="Ensure the daily digest schedule (admin): 07:00 Asia/Ho_Chi_Minh",
    response_model=ScheduleOut,
    responses=errors(401, 403, 422, 503),
)
async def ensure_digest(
    state: StateDep, admin: AdminUser, ip: ClientAddress, _body: EmptyBody = None
) -> ScheduleOut:
    await round_gateway.ensure_digest_schedule(state=state)
    await append_alone(state.sessions, admin.username, "digest.scheduled", DIGEST_SCHEDULE_ID, ip)
    return ScheduleOut(schedule_id=DIGEST_SCHEDULE_ID, cron=DIGEST_CRON)


@router.post(
    "/digest/run",
    summary="Send today's digest now (admin)",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ScheduleOut,
    responses=errors(401, 403, 422, 503),
)
async def run_digest(
    state: StateDep, admin: AdminUser, ip: ClientAddress, _body: EmptyBody = None
) -> ScheduleOut:
    await round_gateway.trigger_digest(state=state)
    await append_alone(state.sessions, admin.username, "digest.run", DIGEST_SCHEDULE_ID, ip)
    return ScheduleOut(schedule_id=DIGEST_SCHEDULE_ID, cron=DIGEST_CRON)
