"""Round use cases: open, close, recurring schedules.

Reading rounds (one, the list, events, statistics) is ``api.services.round_queries``.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_role
from api.errors import AppError, Conflict, Forbidden, Invalid
from api.schemas.rounds import (
    RoundCloseIn,
    RoundCreate,
    RoundOut,
    RoundScheduleCreate,
    ScheduleOut,
)
from api.services import round_gateway
from api.services.idempotency import KeyClaim, keyed_write, request_hash, run_once, update_id
from api.services.reference import award_rule
from api.services.round_checks import Scope, check_deadlines, check_durations, escalation_span
from api.services.round_queries import visible
from api.services.round_views import from_view
from api.state import AppState
from core.i18n import _
from domain.levels import Level, deciding_rank
from domain.round import submitting_levels
from domain.round_roles import taking_part
from domain.routes import OrgNode
from store.db import transaction
from store.repositories import orgs, rounds
from store.repositories.audit import record_audit
from workflows.contracts import Origin
from workflows.round_contracts import CloseRequest, RoundInput, ScheduledRoundInput

log = structlog.get_logger("tdkt.api.rounds")


async def require_owner_chair(session: AsyncSession, principal: Principal, owner_org: str) -> None:
    """Chair of the owner org, or admin (a refusal names the owner org)."""
    if principal.is_admin:
        return
    require_role(principal, Role.chair, Role.admin)
    if principal.org_code != owner_org:
        name = (await orgs.names(session, [owner_org])).get(owner_org, owner_org)
        raise Forbidden(_("msg.only_the_chair_of_owner_org", owner_org=name))


async def _tree(session: AsyncSession, owner_org: str) -> tuple[OrgNode, list[OrgNode]]:
    nodes = [
        OrgNode(o.code, Level(o.level), o.parent_code)
        for o in await rounds.subtree_nodes(session=session, code=owner_org)
    ]
    owner = next((n for n in nodes if n.code == owner_org), None)
    if owner is None:
        raise Invalid.field("owner_org", _("msg.no_org_owner_org", owner_org=owner_org))
    return owner, nodes


def decided_rank(award_codes: list[str]) -> int:
    """The highest rank deciding an award of the round (422 naming an unknown code)."""
    rules = [award_rule(code, field=f"award_codes[{i}]") for i, code in enumerate(award_codes)]
    return max((deciding_rank(rule.deciding_level) for rule in rules), default=0)


def _scope(owner: OrgNode, nodes: list[OrgNode], decided: int) -> Scope:
    return Scope(submitting_levels(owner, nodes), taking_part(owner, nodes, decided))


async def create(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    body: RoundCreate,
    ip: str,
    key: str | None = None,
) -> RoundOut:
    """Open the round. With an Idempotency-Key the create runs once per (user, key)
    (``run_once``, like every keyed command): the same body replays the first 201, another
    body — another code included — is 409 naming the key, never a second round. A claim taken
    over after a crash runs it again safely: the same (user, key, body) reaches the same run
    with the same ``open`` update id, and Temporal answers it again."""

    async def run() -> RoundOut:
        return await _open(
            state=state, session=session, principal=principal, body=body, ip=ip, key=key
        )

    return await run_once(
        sessions=state.reads,
        key=key,
        username=principal.username,
        scope="round-create",
        body=body,
        status_code=201,
        result_type=RoundOut,
        action=run,
    )


async def _open(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    body: RoundCreate,
    ip: str,
    key: str | None,
) -> RoundOut:
    owner, nodes = await _tree(session, body.owner_org)  # 422 for an unknown org, before 403
    await require_owner_chair(session, principal, body.owner_org)
    decided = decided_rank(body.award_codes)
    now = datetime.now(UTC)
    # 422 here rather than a failed workflow
    check_deadlines(body.submission_deadlines, now, _scope(owner, nodes, decided))
    await session.rollback()  # the round workflow is the only writer of its rows
    data = RoundInput(
        code=body.code,
        name=body.name,
        year=body.year,
        owner_org=body.owner_org,
        award_codes=body.award_codes,
        submission_deadlines=body.submission_deadlines,
        escalate_every=escalation_span(body.escalate_every, state, "escalate_every"),
        created_by=principal.username,
        opened_at=now,
        # Without a key every request is new (a second one for the code → 409); with one, a
        # retry of the same request reaches the same run and gets the same answer.
        request_hash=request_hash(
            f"round:{principal.username}:{key or secrets.token_hex(16)}", body
        ),
        origin=Origin(principal.username, "round.opened", ip),
        decided_rank=decided,
    )
    view = await round_gateway.open_round(state=state, data=data, keyed=key is not None)
    try:
        await round_gateway.ensure_digest_schedule(state=state)
    except AppError as exc:
        log.warning("digest.schedule_not_ensured", error=exc.detail)
    log.info("round.opened", round_code=body.code, owner_org=body.owner_org)
    return from_view(view, live=True)


async def close(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    code: str,
    body: RoundCloseIn,
    ip: str,
    key: str | None = None,
) -> RoundOut:
    """Close the round. With an Idempotency-Key the close is run once per (user, key): its
    update id comes from the key, so a retry after a crash at any instant — even once the
    closed round's workflow has completed — gets the first request's answer from Temporal."""
    row = await visible(session, principal, code)
    await require_owner_chair(session, principal, row.owner_org)
    if key is None and row.status == "closed":
        raise Conflict(_("msg.round_code_is_already_closed", code=row.name))
    await session.rollback()  # hold no transaction open while the workflow commits
    request = CloseRequest(
        principal.username, body.comment, Origin(principal.username, "round.closed", ip)
    )

    async def run() -> RoundOut:
        view = await round_gateway.close_round(
            state=state,
            code=code,
            name=row.name,
            request=request,
            update_id=update_id(principal, f"close:{code}", key),
        )
        log.info("round.closed", round_code=code)
        return from_view(view, live=True)

    return await run_once(
        sessions=state.reads,
        key=key,
        username=principal.username,
        scope=f"round-close:{code}",
        body=body,
        status_code=200,
        result_type=RoundOut,
        action=run,
    )


async def schedule(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    body: RoundScheduleCreate,
    ip: str,
    key: str | None = None,
) -> ScheduleOut:
    """A recurring round: a Temporal Schedule opening ``<prefix>-<YYYYMMDD>`` on ``cron``.

    With an Idempotency-Key it is made once per (user, key) (``keyed_write``): the schedule
    id is the anchor. The schedule carries the request's hash, so a retry after a crash that
    finds it made by this request answers 201 as the first would have; its audit entry and the
    key's answer commit together, once."""

    async def write(claim: KeyClaim | None) -> ScheduleOut:
        return await _schedule(
            state=state, session=session, principal=principal, body=body, ip=ip, claim=claim
        )

    return await keyed_write(
        sessions=state.reads, key=key, username=principal.username, scope="round-schedule",
        body=body, status_code=201, result_type=ScheduleOut, write=write,
    )  # fmt: skip


async def _schedule(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    body: RoundScheduleCreate,
    ip: str,
    claim: KeyClaim | None,
) -> ScheduleOut:
    owner, nodes = await _tree(session, body.owner_org)  # 422 for an unknown org, before 403
    await require_owner_chair(session, principal, body.owner_org)
    decided = decided_rank(body.award_codes)
    scope = _scope(owner, nodes, decided)
    check_durations(body.submission_deadlines, datetime.now(UTC), scope)
    await session.rollback()  # hold no transaction open while Temporal answers
    data = ScheduledRoundInput(
        code_prefix=body.code_prefix,
        name=body.name,
        owner_org=body.owner_org,
        award_codes=body.award_codes,
        submission_deadlines=body.submission_deadlines,
        escalate_every=escalation_span(body.escalate_every, state, "escalate_every"),
        created_by=principal.username,
        task_queue=state.settings.task_queue,
        decided_rank=decided,
    )
    # Without a key every request is new (a schedule already there → 409); with one, the
    # stamp is the same on every try of this request.
    anchor = secrets.token_hex(16) if claim is None else claim.key
    schedule_id = await round_gateway.create_round_schedule(
        state=state,
        data=data,
        cron=body.cron,
        request=request_hash(f"round-schedule:{principal.username}:{anchor}", body),
        keyed=claim is not None,
    )
    answer = ScheduleOut(schedule_id=schedule_id, cron=body.cron)
    async with transaction(state.sessions) as written:
        await record_audit(written, principal.username, "round.scheduled", schedule_id, ip)
        if claim is not None:
            await claim.record(written, answer)
    log.info("round.scheduled", schedule_id=schedule_id, owner_org=body.owner_org)
    return answer
