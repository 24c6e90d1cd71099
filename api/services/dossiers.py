"""Dossier use cases: submit (start the workflow) and plan its route, with its papers checklist.

Reading dossiers (one, the list, the caller's tasks) is ``api.services.dossier_queries``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_proposer_officer
from api.domain_text import may_not_propose
from api.errors import AppError, Conflict, Invalid, Unavailable
from api.field_labels import named
from api.refusal_text import org_codes, refusal_text
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import DossierCreate
from api.services import checklist, dossier_views, round_links, temporal_gateway
from api.services.idempotency import request_hash
from api.services.nominees import nominee_inputs, warnings_of
from api.services.reference import award_rule, dossier_procedure
from api.state import AppState
from core.i18n import _
from domain.catalog import AwardRule
from domain.levels import Level
from domain.policy import DeadlinePolicy, PolicyError, parse_policy_toml
from domain.proposers import may_propose
from domain.route_plan import plan_route
from domain.routes import OrgNode, Route, RouteError, RouteStage
from store.repositories import attachments, dossiers, orgs
from store.repositories.orgs import OrgRow
from workflows.contracts import WORKFLOW_ID_PREFIX, DossierInput, Origin, workflow_id

log = structlog.get_logger("tdkt.api.dossiers")


STATE_LEVELS = (Level.central.value, Level.government.value, Level.president.value)


async def dossier_id_for(
    session: AsyncSession, now: datetime, keyed: str | None
) -> tuple[str, bool]:
    """A keyed resend of a create already committed keeps its id; else ``HS-<year>-<n>``:
    ``n`` from one PostgreSQL sequence, so ids never collide, whatever the volume (a sequence
    is not a row: the workflow stays the only writer of dossier rows; a number taken by a
    request that then fails is simply never used). True: the id is new."""
    found = await dossiers.id_or_number(session=session, workflow_id=keyed)
    return (found, False) if isinstance(found, str) else (f"HS-{now.year}-{found:07d}", True)


def deadline_policy(state: AppState) -> DeadlinePolicy:
    path = state.settings.sla_policy
    if path is None:
        return DeadlinePolicy.default()
    try:
        return parse_policy_toml(path.read_text(encoding="utf-8"))
    except (OSError, PolicyError) as exc:
        log.error("policy.invalid", path=str(path), error=str(exc))
        raise Unavailable(_("msg.the_deadline_policy_file_cannot_be", exc=exc)) from None


async def plan(
    session: AsyncSession, proposer: str, rule: AwardRule, *, simplified: bool = False
) -> tuple[Route, list[OrgRow]]:
    """The route from ``proposer`` (and its ancestry, proposer first) for ``rule``, under the
    simplified procedure or not (a province's own order has a council stage and a posting
    only when not); 422 when the catalogue does not let ``proposer`` propose the award (create,
    import, submit)."""
    ancestry, state_orgs = await orgs.ancestry_and_levels(
        session=session, code=proposer, levels=STATE_LEVELS
    )
    if not ancestry:
        raise Invalid.field("proposer_org", _("msg.no_org_proposer", proposer=proposer))
    nodes = [OrgNode(o.code, Level(o.level), o.parent_code, o.kind) for o in ancestry]
    if not may_propose(rule, nodes):
        refusal = may_not_propose(ancestry[0].name, rule.code, rule.proposers)
        raise Invalid.field("proposer_org", refusal)
    try:
        codes = {Level(level): code for level, code in state_orgs.items()}
        route = plan_route(nodes, rule, codes, simplified=simplified)
    except RouteError as exc:
        raise Invalid.field("proposer_org", await _no_route(session, exc, ancestry)) from None
    return route, ancestry


async def first_stage(session: AsyncSession, d: DossierOut) -> RouteStage | None:
    """Where a draft goes when submitted: the first stage of the route planned now (its papers
    are judged at that level); None when no route can be planned now."""
    try:
        rule = award_rule(d.award_code)
        route, _ancestry = await plan(session, d.proposer_org, rule, simplified=d.simplified)
    except AppError:
        return None
    return route.stages[0]


async def with_checklist(
    session: AsyncSession, view: DossierOut, present: frozenset[str] | None = None
) -> DossierOut:
    """``view`` with its papers checklist (contract §13 ``documents``): the GET's and every
    command's answer alike, so an answer is the dossier the next read shows (§16).
    ``present``: the kinds attached, when the caller read them with the dossier."""
    if present is None:
        present = frozenset(await attachments.kinds(session=session, dossier_id=view.id))
    first = await first_stage(session, view) if view.status == "draft" else None
    level = None if first is None else first.level.value
    return dossier_views.with_documents(view, set(present), draft_level=level)


async def _no_route(session: AsyncSession, exc: RouteError, ancestry: list[OrgRow]) -> str:
    """Why no route can be planned, in the reader's language, orgs by their names."""
    names = {o.code: o.name for o in ancestry}
    if missing := org_codes(exc.values) - names.keys():
        names |= await orgs.names(session, missing)
    reason = refusal_text(exc.code, exc.values, names) or exc.message
    return _("msg.no_route_for_this_dossier_exc", exc=reason)


def keyed_workflow_id(username: str, key: str) -> str:
    """The workflow id of a create sent with an ``Idempotency-Key``: every retry of it, after a
    crash at any instant, reaches the same workflow (update-with-start, USE_EXISTING)."""
    digest = hashlib.sha256(f"{username}\n{key}".encode()).hexdigest()[:40]
    return f"{WORKFLOW_ID_PREFIX}key-{digest}"


async def create(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    body: DossierCreate,
    ip: str,
    key: str | None = None,
    digest: str | None = None,
) -> DossierOut:
    """Start the dossier's workflow and answer once its submission is committed (with the
    request's ``dossier.create`` audit-log entry, in the same transaction).

    ``digest``: the hash of the request as sent when ``body`` is derived from it (the .xlsx
    import: its form fields and the file's bytes); else the hash of ``body``."""
    await require_proposer_officer(session, principal, body.proposer_org, field="proposer_org")
    rule = award_rule(body.award_code)
    procedure = dossier_procedure(rule, body.award_type, body.simplified)
    route, ancestry = await plan(session, body.proposer_org, rule, simplified=procedure.simplified)
    policy = deadline_policy(state)
    now = datetime.now(UTC)
    late = False
    if not body.draft:  # a draft meets its round and its papers check when it is submitted
        await checklist.require_papers(
            session=session,
            policy=policy,
            ancestry=ancestry,
            award_code=rule.code,
            level=checklist.first_level(route),
            simplified=procedure.simplified,
            dossier_id=None,
        )
        late = await round_links.admit(
            session=session,
            round_code=body.round_code,
            proposer_org=body.proposer_org,
            award_code=rule.code,
            at=now,
        )
    keyed = None if key is None else keyed_workflow_id(principal.username, key)
    dossier_id, fresh = await dossier_id_for(session, now, keyed)
    nominees = await nominee_inputs(
        session=session,
        prefix=dossier_id,
        rule=rule,
        year=body.year,
        proposer_org=body.proposer_org,
        nominees=body.nominees,
        dossier_id=dossier_id,
    )
    await session.rollback()  # nothing to write here: the workflow is the only writer
    # The id names the dossier for people reading Temporal; the suffix keeps it unique in a
    # namespace shared by several databases (each has its own id sequence).
    wid = keyed or f"{workflow_id(dossier_id)}-{secrets.token_hex(4)}"
    data = DossierInput(
        dossier_id=dossier_id,
        award=rule,
        proposer_org=body.proposer_org,
        route=route,
        nominees=nominees,
        policy=policy,
        summary=body.summary,
        submitted_by=principal.username,
        submitted_at=now,
        year=body.year,
        round_code=body.round_code,
        late=late,
        award_type=procedure.award_type.value,
        simplified=procedure.simplified,
        request_hash="" if key is None else digest or request_hash("create", body),
        draft=body.draft,
        origin=Origin(principal.username, "dossier.create", ip),
    )
    with structlog.contextvars.bound_contextvars(dossier_id=dossier_id):
        status = await temporal_gateway.open_dossier(
            state=state, workflow_id=wid, data=data, keyed=key is not None
        )
    if status is None:
        raise _key_reused()
    if not body.draft:
        await round_links.submitted(
            state=state,
            round_code=body.round_code,
            dossier_id=status.id,
            proposer_org=body.proposer_org,
            at=now,
        )
    state.metrics.dossier_outcomes.labels("draft" if body.draft else "submit").inc()
    log.info("dossier.submitted", dossier_id=status.id, award_code=rule.code, workflow_id=wid)
    view = dossier_views.from_status(status)
    if fresh:  # a number just taken: nothing is attached to it yet, its route is known
        draft_level = route.stages[0].level.value if view.status == "draft" else None
        view = dossier_views.with_documents(view, set(), draft_level=draft_level)
    else:
        view = await with_checklist(session, view)
    return view.model_copy(update={"warnings": warnings_of(view)})


def _key_reused() -> Conflict:
    """A keyed create whose workflow closed and never saw this body (the same body gets the
    first answer from Temporal's record of the ``open`` update)."""
    return Conflict.field("Idempotency-Key", named(_("msg.this_idempotency_key_was_used_with")))
