"""The dossier page: route, facts, papers, history and the panels of the commands the reader
may give (their handlers are in `api.web.command_pages`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import AppError
from api.schemas.dossier_views import DossierOut
from api.services import decision_freeze, dossier_queries, dossiers
from api.services.reference import award_rule
from api.web import dossier_view as view
from api.web import resubmit_form
from api.web.context import Web, WebDep
from api.web.dossier_rounds import round_view
from api.web.eligibility_view import summary as eligibility_summary
from api.web.forms import in_order
from api.web.history_text import history_comment
from api.web.names import user_names
from api.web.objections_view import ObjectionsView, objections_view
from api.web.papers_view import KINDS, PapersView, papers_view
from api.web.views import Row, rows_of
from domain.routes import RouteStage

router = APIRouter(include_in_schema=False)

BALLOT_LEVELS = frozenset({"province", "ministry", "central"})
OPEN = frozenset({"in_review", "returned"})


@dataclass(frozen=True)
class Step:
    level: str
    state: str  # done | current | todo


def route_steps(d: DossierOut) -> list[Step]:
    """The route as a progress bar: levels passed, the current one, those still ahead."""
    if d.status == "decided":
        return [Step(level, "done") for level in d.route]
    approved = {h.level for h in d.history if h.action in ("approved", "decided")}
    current = d.stage.level if d.stage and d.stage.phase != "resubmission" else None
    if d.stage and d.stage.phase == "resubmission":
        current = d.route[0] if d.route else None
    steps = []
    for index, level in enumerate(d.route):
        if level == current:
            steps.append(Step(level, "current"))
        elif index == 0 or level in approved:
            steps.append(Step(level, "done"))
        else:
            steps.append(Step(level, "todo"))
    return steps


def extenders(d: DossierOut) -> set[str]:
    """Orgs whose chair may extend the open deadline: the acting org and the one above it (for
    a returned dossier, the org that returned it); the workflow has the final word."""
    stage = d.stage
    if stage is None or stage.phase == "public_posting" or d.status not in OPEN:
        return set()
    if stage.phase == "resubmission":
        returned = [h.org_code for h in d.history if h.action == "returned" and h.org_code]
        return set(returned[-1:])
    orgs = {stage.org_code}
    if stage.org_code in d.route_orgs:
        at = d.route_orgs.index(stage.org_code)
        orgs.update(d.route_orgs[at + 1 : at + 2])
    return orgs


async def _show(
    web: Web,
    d: DossierOut,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    user = web.user
    assert user is not None
    row: Row = (await rows_of(web.session, [d], datetime.now(UTC)))[0]
    errors = in_order(errors or {}, view.PAGE_ORDER)
    stage = d.stage
    rule = award_rule(d.award_code)
    can_decide = bool(
        stage is not None
        and d.status == "in_review"
        and "chair" in user.roles
        and user.org_code == stage.org_code
    )
    is_proposer = "officer" in user.roles and user.org_code == d.proposer_org
    can_extend = "chair" in user.roles and user.org_code in extenders(d)
    threshold = rule.ballot_threshold if stage and stage.level in BALLOT_LEVELS else None
    await web.name_orgs(view.org_codes(d))
    posting = bool(stage and stage.phase == "public_posting")
    panels = await _panels(web, d, is_proposer)
    frozen = await _frozen(web, d) if can_decide and not posting else []
    return web.render(
        "dossier.html",
        status_code=status_code,
        form_page=f"/ho-so/{d.id}",
        d=d,
        row=row,
        steps=route_steps(d),
        bonus={b.nominee_id: b.amount_vnd for b in (d.decision.bonus if d.decision else [])},
        can_decide=can_decide,
        deciding=bool(stage and d.route and stage.level == d.route[-1]),
        ballot_threshold=threshold,
        can_resubmit=is_proposer and d.status == "returned",
        can_withdraw=is_proposer and d.status in OPEN,
        can_extend=can_extend,
        **panels,
        errors=errors or {},
        targets=view.summary_targets(errors or {}),
        form=form or {},
        next_step=view.next_step(d, web.names),
        outcome_key=lambda outcome: view.outcome_key(d.status, outcome),
        history_org=lambda h: view.history_org(d, h),
        history_comment=history_comment,
        eligibility=eligibility_summary,
        submissions=view.submissions(d),
        actions=("return", "reject") if posting else ("approve", "return", "reject"),
        posting=posting,
        frozen=frozen,
        people={
            "system": web.t("actor.system"),
            "public": web.t("actor.public"),
            **await user_names(web.session, [h.actor for h in d.history] + _actors(panels)),
        },
    )


async def _panels(web: Web, d: DossierOut, is_proposer: bool) -> dict[str, Any]:
    """Papers, objections, the draft's submission (contract §13–§15) and the nominees a
    resubmission starts from."""
    assert web.user is not None
    draft = d.status == "draft"
    first = await _first_stage(web.session, d) if draft else None
    draft_level = first.level.value if first else None
    if first is not None:
        await web.name_orgs([first.org_code])
    limit = web.state.settings.max_upload_bytes
    returned = is_proposer and d.status == "returned"
    return {
        "resubmit_rows": await resubmit_form.shown_rows(web.session, d.id) if returned else [],
        "papers": await papers_view(web.session, web.user, d, draft_level),
        "objections": await objections_view(web.session, web.user, d),
        "round": await round_view(web.session, d, is_proposer and draft),
        "can_submit": is_proposer and draft,
        "draft_level": draft_level,
        "draft_org": first.org_code if first else None,
        "kinds": KINDS,
        "max_upload_bytes": limit,
        "max_upload_mb": f"{limit / 1_048_576:g}",
    }


async def _frozen(web: Web, d: DossierOut) -> list[str]:
    """Why an approval today would be refused, one sentence per frozen nominee (ND152 Art.4.4)."""
    found = await decision_freeze.frozen_today(web.session, d.id)
    return [decision_freeze.frozen_text(f) for f in found]


async def _first_stage(session: AsyncSession, d: DossierOut) -> RouteStage | None:
    return await dossiers.first_stage(session, d)


def _actors(panels: dict[str, Any]) -> list[str | None]:
    """The accounts the papers and objections panels name (uploaders, signer, resolvers)."""
    papers: PapersView = panels["papers"]
    found: list[str | None] = [a.uploaded_by for a in papers.attachments]
    if papers.signed is not None:
        found.append(papers.signed.signed_by)
    objections: ObjectionsView | None = panels["objections"]
    if objections is not None:
        found.extend(o.resolved_by for o in objections.items)
    return found


@router.get("/ho-so/{dossier_id}")
async def dossier_page(web: WebDep, dossier_id: str) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        d = await dossier_queries.get(
            state=web.state, session=web.session, principal=web.user, dossier_id=dossier_id
        )
    except AppError as exc:
        return web.error_page(exc)
    return await _show(web, d)


async def show_dossier(
    web: Web,
    dossier_id: str,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The dossier page again, with the errors of a refused command next to their fields."""
    assert web.user is not None
    try:
        d = await dossier_queries.get(
            state=web.state, session=web.session, principal=web.user, dossier_id=dossier_id
        )
    except AppError as exc:
        return web.error_page(exc)
    return await _show(web, d, errors=errors, form=form, status_code=status_code)
