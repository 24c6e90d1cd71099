"""Dossiers (contract §7): submit, read, list, decide, resubmit, withdraw; the caller's tasks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, status

from api.authz import Role
from api.deps import (
    ClientIp,
    CurrentUser,
    ReadSessionDep,
    SessionDep,
    StateDep,
    requires_role,
)
from api.schemas.common import errors
from api.schemas.dossier_views import DossierOut, DossierPage, TaskList
from api.schemas.dossiers import (
    DOSSIER_ID,
    DecisionIn,
    DossierCreate,
    ExtendIn,
    ResubmitIn,
    Status,
    SubmitIn,
    WithdrawIn,
)
from api.schemas.orgs import OrgLevel
from api.schemas.text import Text
from api.services import dossier_commands, dossier_queries, dossier_submit, dossiers, idempotency
from api.services.dossier_commands import CommandCall
from store.repositories.dossiers import ListFilter

router = APIRouter(prefix="/api/v1", tags=["dossiers"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Same key + same body replays the first response; another body → 409. "
        "1–200 printable ASCII characters (a UUID will do); keys are per signed-in user.",
        max_length=200,
        # refused by api.services.idempotency.checked (422 naming it): empty or only spaces
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
    ),
]
DossierId = Annotated[str, Path(pattern=DOSSIER_ID, examples=["HS-2026-7F3A9C21"])]


@router.post(
    "/dossiers",
    summary="Submit a dossier (officer of the proposing org): starts its workflow",
    status_code=status.HTTP_201_CREATED,
    response_model=DossierOut,
    responses=errors(401, 403, 409, 413, 422, 503),
    dependencies=[requires_role(Role.officer)],
)
async def create(
    state: StateDep,
    session: ReadSessionDep,  # reads only: the workflow writes the dossier
    principal: CurrentUser,
    body: DossierCreate,
    ip: ClientIp,
    key: IdempotencyKey = None,
) -> DossierOut:
    return await dossiers.create(
        state=state,
        session=session,
        principal=principal,
        body=body,
        ip=ip,
        key=idempotency.checked(key),
    )


@router.get(
    "/dossiers",
    summary="List the dossiers you can see, with filters, search and pagination",
    response_model=DossierPage,
    responses=errors(401, 422),
)
async def list_dossiers(
    session: SessionDep,
    principal: CurrentUser,
    status_: Annotated[
        Status | None,
        Query(alias="status"),
    ] = None,
    award_code: Annotated[Text | None, Query(max_length=32)] = None,
    level: Annotated[OrgLevel | None, Query(description="Level of the current stage")] = None,
    org_code: Annotated[
        Text | None, Query(max_length=64, description="Proposed by, or now waiting at, this org")
    ] = None,
    overdue: bool | None = None,
    q: Annotated[
        Text | None, Query(max_length=200, description="Search id, summary, names")
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[
        int,
        Query(ge=1, description="At most 100: a larger page is served at 100 (see page_size)"),
    ] = 20,
    cursor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="`next_cursor` of the previous answer: the page after it (instead of "
            "`page`)",
        ),
    ] = None,
) -> DossierPage:
    filters = ListFilter(
        status=status_,
        award_code=award_code,
        level=None if level is None else level.value,
        org_code=org_code,
        overdue=overdue,
        q=q,
    )
    return await dossier_queries.list_(
        session=session,
        principal=principal,
        filters=filters,
        page=page,
        page_size=page_size,
        cursor=cursor,
    )


@router.get(
    "/dossiers/{dossier_id}",
    summary="One dossier: live from its workflow while running, else from the read model",
    response_model=DossierOut,
    responses=errors(401, 404, 422),
)
async def get_dossier(
    state: StateDep, session: ReadSessionDep, principal: CurrentUser, dossier_id: DossierId
) -> DossierOut:
    return await dossier_queries.get(
        state=state, session=session, principal=principal, dossier_id=dossier_id, checklist=True
    )


@router.post(
    "/dossiers/{dossier_id}/decisions",
    summary="Decide at the current stage (chair of the stage's org): approve, return, reject",
    response_model=DossierOut,
    responses=errors(401, 403, 404, 409, 413, 422, 503),
    dependencies=[requires_role(Role.chair)],
)
async def decide(
    state: StateDep,
    session: ReadSessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    body: DecisionIn,
    ip: ClientIp,
    key: IdempotencyKey = None,
) -> DossierOut:
    command = CommandCall(state, session, principal, dossier_id, key, ip)
    return await command.once("decide", body, dossier_commands.decide)


@router.post(
    "/dossiers/{dossier_id}/submit",
    summary="Submit a draft (officer of the proposing org): it goes up the route planned now",
    response_model=DossierOut,
    responses=errors(401, 403, 404, 409, 413, 422, 503),
    dependencies=[requires_role(Role.officer)],
)
async def submit(
    state: StateDep,
    session: ReadSessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    ip: ClientIp,
    body: SubmitIn | None = None,
    key: IdempotencyKey = None,
) -> DossierOut:
    command = CommandCall(state, session, principal, dossier_id, key, ip)
    return await command.once("submit", body or SubmitIn(), dossier_submit.submit)


@router.post(
    "/dossiers/{dossier_id}/resubmit",
    summary="Resubmit a returned dossier (officer of the proposing org)",
    response_model=DossierOut,
    responses=errors(401, 403, 404, 409, 413, 422, 503),
    dependencies=[requires_role(Role.officer)],
)
async def resubmit(
    state: StateDep,
    session: ReadSessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    body: ResubmitIn,
    ip: ClientIp,
    key: IdempotencyKey = None,
) -> DossierOut:
    command = CommandCall(state, session, principal, dossier_id, key, ip)
    return await command.once("resubmit", body, dossier_commands.resubmit)


@router.post(
    "/dossiers/{dossier_id}/withdraw",
    summary="Withdraw a dossier that is not final (officer of the proposing org)",
    response_model=DossierOut,
    responses=errors(401, 403, 404, 409, 413, 422, 503),
    dependencies=[requires_role(Role.officer)],
)
async def withdraw(
    state: StateDep,
    session: ReadSessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    ip: ClientIp,
    body: WithdrawIn | None = None,
    key: IdempotencyKey = None,
) -> DossierOut:
    payload = body or WithdrawIn()
    command = CommandCall(state, session, principal, dossier_id, key, ip)
    return await command.once("withdraw", payload, dossier_commands.withdraw)


@router.post(
    "/dossiers/{dossier_id}/deadline-extensions",
    summary="Extend the open deadline by working days (chair of the stage's org or the one above)",
    response_model=DossierOut,
    responses=errors(401, 403, 404, 409, 413, 422, 503),
    dependencies=[requires_role(Role.chair)],
)
async def extend_deadline(
    state: StateDep,
    session: ReadSessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    body: ExtendIn,
    ip: ClientIp,
    key: IdempotencyKey = None,
) -> DossierOut:
    command = CommandCall(state, session, principal, dossier_id, key, ip)
    return await command.once("extend", body, dossier_commands.extend)


@router.get(
    "/tasks",
    summary="Dossiers waiting for your org (to decide, or to resubmit), earliest due first",
    response_model=TaskList,
    responses=errors(401, 422),
)
async def tasks(
    session: ReadSessionDep,
    principal: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    page: Annotated[
        int, Query(ge=1, le=dossier_queries.MAX_TASK_PAGE, description="1-based page")
    ] = 1,
) -> TaskList:
    return await dossier_queries.tasks(session=session, principal=principal, limit=limit, page=page)
