"""Dossier use cases: submit (start the workflow), read one, list, the caller's tasks."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import (
    DossierScope,
    Principal,
    not_found,
    require_proposer_officer,
    require_visible,
)
from api.errors import AppError, Invalid, Unavailable
from api.schemas.dossiers import DossierCreate, DossierOut, DossierPage, NomineeIn, TaskList
from api.services import dossier_views, round_links, temporal_gateway
from api.services.list_params import list_filter, parse_cursor
from api.services.reference import award_rule
from api.state import AppState
from domain.catalog import AwardRule
from domain.dossier import DossierError, DossierState, open_dossier, route_orgs
from domain.dossier_model import Nominee
from domain.levels import Level, Subject
from domain.policy import DeadlinePolicy, PolicyError, parse_policy_toml
from domain.routes import OrgNode, Route, RouteError, plan_route
from store.repositories import dossiers, orgs
from store.repositories.dossiers import FINAL_STATUSES, DossierRow, ListFilter, NomineeRow
from workflows.contracts import DossierInput, NomineeInput, workflow_id
from workflows.status import status_of

log = structlog.get_logger("tdkt.api.dossiers")
MAX_PAGE_SIZE = 100
STATE_LEVELS = (Level.central.value, Level.government.value, Level.president.value)


def new_dossier_id(now: datetime) -> str:
    return f"HS-{now.year}-{secrets.token_hex(4).upper()}"


def deadline_policy(state: AppState) -> DeadlinePolicy:
    path = state.settings.sla_policy
    if path is None:
        return DeadlinePolicy.default()
    try:
        return parse_policy_toml(path.read_text(encoding="utf-8"))
    except (OSError, PolicyError) as exc:
        log.error("policy.invalid", path=str(path), error=str(exc))
        raise Unavailable(
            "Tệp chính sách thời hạn (TDKT_SLA_POLICY) không đọc được / "
            f"The deadline policy file cannot be used: {exc}"
        ) from None


def check_nominees(rule: AwardRule, nominees: list[NomineeIn], field: str = "nominees") -> None:
    for index, nominee in enumerate(nominees):
        if not rule.allows(Subject(nominee.kind)):
            allowed = ", ".join(s.value for s in rule.subjects)
            raise Invalid.field(
                f"{field}[{index}].kind",
                f"{rule.code} chỉ xét cho: {allowed} / {rule.code} is awarded to: {allowed}",
            )


def nominee_rows(prefix: str, nominees: list[NomineeIn]) -> list[NomineeRow]:
    return [
        NomineeRow(
            id=f"{prefix}-{index + 1:03d}",
            kind=n.kind,
            name=n.name,
            title=n.position,
            gender=n.gender,
            is_direct_worker=n.is_direct_worker,
            ethnic_minority=n.ethnic_minority,
        )
        for index, n in enumerate(nominees)
    ]


def nominee_inputs(rows: list[NomineeRow]) -> list[NomineeInput]:
    return [
        NomineeInput(
            id=r.id,
            kind=Subject(r.kind),
            name=r.name,
            title=r.title,
            gender=r.gender,
            is_direct_worker=r.is_direct_worker,
            ethnic_minority=r.ethnic_minority,
        )
        for r in rows
    ]


async def _plan(session: AsyncSession, proposer: str, rule: AwardRule) -> Route:
    ancestry = await orgs.ancestry(session=session, code=proposer)
    if not ancestry:
        raise Invalid.field("proposer_org", f"Không có đơn vị {proposer} / No org {proposer}")
    state_orgs = await orgs.by_level(session=session, levels=STATE_LEVELS)
    try:
        return plan_route(
            [OrgNode(o.code, Level(o.level), o.parent_code) for o in ancestry],
            rule.deciding_level,
            {Level(level): code for level, code in state_orgs.items()},
        )
    except RouteError as exc:
        raise Invalid.field(
            "proposer_org",
            f"Không lập được tuyến trình cho hồ sơ này / No route for this dossier: {exc}",
        ) from None


async def create(
    *, state: AppState, session: AsyncSession, principal: Principal, body: DossierCreate
) -> DossierOut:
    require_proposer_officer(principal, body.proposer_org)
    rule = award_rule(body.award_code)
    check_nominees(rule, body.nominees)
    route = await _plan(session, body.proposer_org, rule)
    policy = deadline_policy(state)
    now = datetime.now(UTC)
    late = await round_links.admit(
        session=session,
        round_code=body.round_code,
        proposer_org=body.proposer_org,
        award_code=rule.code,
        at=now,
    )
    dossier_id = new_dossier_id(now)
    rows = nominee_rows(dossier_id, body.nominees)
    await dossiers.insert_submitted(
        session=session,
        dossier_id=dossier_id,
        workflow_id=workflow_id(dossier_id),
        award_code=rule.code,
        proposer_org=body.proposer_org,
        route_profile=route.profile.value,
        route=[level.value for level in route.levels],
        route_orgs=route_orgs(route),
        summary=body.summary,
        year=body.year,
        round_code=body.round_code,
        created_by=principal.username,
        nominees=rows,
    )
    await session.commit()
    data = DossierInput(
        dossier_id=dossier_id,
        award=rule,
        proposer_org=body.proposer_org,
        route=route,
        nominees=nominee_inputs(rows),
        policy=policy,
        summary=body.summary,
        submitted_by=principal.username,
        submitted_at=now,
        year=body.year,
        round_code=body.round_code,
        late=late,
    )
    try:
        await temporal_gateway.start_dossier(state=state, data=data)
    except AppError:
        await dossiers.delete_unstarted(session=session, dossier_id=dossier_id)
        await session.commit()
        raise
    await round_links.submitted(
        state=state,
        round_code=body.round_code,
        dossier_id=dossier_id,
        proposer_org=body.proposer_org,
        at=now,
    )
    state.metrics.dossier_outcomes.labels("submit").inc()
    log.info("dossier.submitted", dossier_id=dossier_id, award_code=rule.code)
    opened = opened_view(data)
    return opened if opened is not None else await _view(state, session, dossier_id, live=False)


def opened_view(data: DossierInput) -> DossierOut | None:
    """The dossier as its workflow opens it, computed from the input rather than queried.

    The workflow starts from the same pure `open_dossier`, so this is exactly what a query would
    answer after its first task (first stage arrived at submission, no deadline yet) without
    waiting for a worker to run that task. `live` is false: it was not read from the workflow.
    """
    opening = DossierState(
        dossier_id=data.dossier_id,
        award=data.award,
        proposer_org=data.proposer_org,
        route=data.route,
        summary=data.summary,
        submitted_by=data.submitted_by,
        ballot_thresholds=dict(data.ballot_thresholds),
        year=data.year,
        round_code=data.round_code,
        late=data.late,
    )
    nominees = tuple(
        Nominee(n.id, n.kind, n.name, n.title, n.gender, n.is_direct_worker, n.ethnic_minority)
        for n in data.nominees
    )
    try:
        opened, _events = open_dossier(opening, nominees, data.submitted_by, data.submitted_at)
    except DossierError as exc:
        log.warning("dossier.open_view_failed", dossier_id=data.dossier_id, error=exc.message)
        return None
    return dossier_views.from_status(status_of(opened)).model_copy(update={"live": False})


async def _view(
    state: AppState, session: AsyncSession, dossier_id: str, *, live: bool
) -> DossierOut:
    if live:
        status = await temporal_gateway.query_status(state=state, dossier_id=dossier_id)
        if status is not None:
            return dossier_views.from_status(status)
    row = await dossiers.get(session=session, dossier_id=dossier_id, with_details=True)
    assert row is not None
    return dossier_views.from_row(row)


async def scope_of(
    session: AsyncSession, principal: Principal, dossier_id: str
) -> tuple[DossierRow, DossierScope]:
    """The dossier and its scope facts; 404 when missing or outside the caller's scope."""
    row = await dossiers.get(session=session, dossier_id=dossier_id)
    if row is None:
        raise not_found(dossier_id)
    scope = DossierScope(
        id=row.id,
        proposer_org=row.proposer_org,
        route_orgs=tuple(row.route_orgs),
        stage_org=row.stage_org,
        proposer_in_caller_subtree=await dossiers.proposer_in_subtree(
            session=session, root=principal.org_code, proposer_org=row.proposer_org
        ),
    )
    require_visible(principal, scope, dossier_id)
    return row, scope


async def get(
    *, state: AppState, session: AsyncSession, principal: Principal, dossier_id: str
) -> DossierOut:
    row, _ = await scope_of(session, principal, dossier_id)
    running = row.status not in FINAL_STATUSES
    live = running and await _worker_up(state)
    return await _view(state, session, dossier_id, live=live)


async def _worker_up(state: AppState) -> bool:
    try:
        return await temporal_gateway.worker_available(state)
    except Unavailable:
        return False


async def list_(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: ListFilter,
    page: int,
    page_size: int,
    cursor: str | None = None,
) -> DossierPage:
    size = min(page_size, MAX_PAGE_SIZE)
    result = await dossiers.list_(
        session=session,
        caller_org=None if principal.is_admin else principal.org_code,
        filters=list_filter(filters),
        page=page,
        page_size=size,
        cursor=None if cursor is None else parse_cursor(cursor, page),
    )
    return DossierPage(
        items=[dossier_views.summary(r) for r in result.rows],
        total=result.total,
        page=page,
        page_size=size,
        total_is_estimate=result.total_is_estimate,
        next_cursor=result.next_cursor,
    )


async def tasks(*, session: AsyncSession, principal: Principal, limit: int) -> TaskList:
    rows = await dossiers.waiting_for(
        session=session, org_code=principal.org_code, limit=min(limit, MAX_PAGE_SIZE)
    )
    total = await dossiers.count_waiting(session=session, org_code=principal.org_code)
    return TaskList(items=[dossier_views.summary(r) for r in rows], total=total)
