"""The rounds pages: ``/dot-xet`` (list, and the form that opens a round), ``/dot-xet/{code}``
(who submitted, who is late and how often it was escalated, the dossiers; closing the round).

Each calls the services of the JSON API (``api.services.rounds``, ``api.services.round_queries``):
the same rules, the same refusals, worded from the catalogues; org and award names instead of
codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import ValidationError

from api.authz import Principal, org_name
from api.errors import AppError, Forbidden, Invalid
from api.schemas.rounds import ROUND_CODE, RoundCloseIn, RoundCreate, RoundOut
from api.services import round_choices, round_queries, rounds
from api.web import once, round_form
from api.web.context import Web, WebDep
from api.web.forms import text
from api.web.names import org_names
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)
RoundCode = Annotated[str, Path(pattern=ROUND_CODE)]


async def list_page(
    web: Web,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    assert web.user is not None
    try:
        found = await round_queries.list_(session=web.session, principal=web.user, status=None)
    except AppError as exc:
        return web.error_page(exc)
    await web.name_orgs(r.owner_org for r in found.items)
    opening = await round_form.form_context(web, form, errors)
    return web.render(
        "rounds.html",
        status_code=status_code,
        form_page="/dot-xet",
        rounds=found.items,
        **opening,
    )


@router.get("/dot-xet")
async def round_list(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    return await list_page(web)


@router.post("/dot-xet")
async def open_round(web: WebDep) -> Response:
    """ "Mở đợt xét": the round opens (its workflow answers) before the page moves on."""
    if web.user is None:
        return web.to_login()
    if not await round_form.may_open(web):
        return web.error_page(Forbidden(web.t("round.form.not_allowed")))
    form = await web.request.form()
    owner = round_form.owner_of(web, text(form, "owner_org"))
    levels = await round_choices.deadline_levels(web.session, owner)
    typed = round_form.typed_values(form, levels)
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await list_page(web, typed, {"": web.t("csrf.failed")}, 403)
    sent = text(form, "owner_org")
    if sent and sent != owner:  # a chair's form has no owner: one sent anyway is forged
        refused = await _foreign_owner(web, sent)
        return await list_page(web, typed, {"": refused.detail}, refused.status)
    key = once.posted_key(form)  # the same form posted twice opens the round once
    try:
        body = RoundCreate.model_validate(round_form.payload(typed, owner, levels))
        created = await rounds.create(
            state=web.state, session=web.session, principal=web.user, body=body, ip=web.ip, key=key
        )
    except ValidationError as exc:
        return await list_page(web, typed, round_form.validation_errors(exc, levels), 422)
    except AppError as exc:
        await web.session.rollback()
        if kept := once.kept(exc, key):  # what the post did is not known: resend it as it was
            typed[once.FIELD] = kept
        errors = round_form.service_errors(exc, levels)
        return await list_page(web, typed, errors, exc.status)
    notice, values = round_form.opened_notice(created)
    return web.redirect(f"/dot-xet/{created.code}", notice=notice, **values)


async def _foreign_owner(web: Web, code: str) -> AppError:
    """The refusal of a round opened for an org the chair does not chair, as the API words it
    (422 no such org, 403 another org's round): never replaced by the chair's own org."""
    if code not in await org_names(web.session, [code]):
        return Invalid.field("owner_org", web.t("msg.no_org_owner_org", owner_org=code))
    name = await org_name(web.session, code)
    return Forbidden.field("owner_org", web.t("msg.only_the_chair_of_owner_org", owner_org=name))


@router.get("/dot-xet/han-gui")
async def deadline_fields(web: WebDep) -> Response:
    """htmx: the deadline fields of the owner org an administrator just chose."""
    if web.user is None:
        return web.to_login()
    owner = round_form.owner_of(web, web.request.query_params.get("owner_org", ""))
    levels = await round_choices.deadline_levels(web.session, owner)
    return web.render("partials/round_deadlines.html", levels=levels, rf={}, rf_errors={})


def _may_close(user: Principal, r: RoundOut) -> bool:
    """The owner org's chair or an administrator, while the round is open (the service has the
    final word)."""
    owner_chair = "chair" in user.roles and user.org_code == r.owner_org
    return r.status == "open" and (user.is_admin or owner_chair)


async def _round_page(
    web: Web,
    code: str,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    close_key: str = "",
) -> Response:
    """The round's page; ``close_key``: the closing form's token kept after a refusal."""
    assert web.user is not None
    try:
        found = await round_queries.get(
            state=web.state, session=web.session, principal=web.user, code=code
        )
    except AppError as exc:
        return web.error_page(exc)
    units = found.submitters
    # the orgs between the units and the owner; the owner receives, it forwards to nobody
    forwarders = [s for s in found.forwarders if s.org_code != found.owner_org]
    everyone = [*units, *forwarders]
    await web.name_orgs([found.owner_org, *(s.org_code for s in everyone)])
    return web.render(
        "rounds_detail.html",
        status_code=status_code,
        form_page=f"/dot-xet/{code}",
        r=found,
        forwarders=forwarders,
        done=len([s for s in units if s.submitted]),
        late=len([s for s in units if s.late]),
        total=len(units),
        behind=[s for s in everyone if s.escalation_level > 0 and not s.submitted],
        escalations=sum(s.escalation_level for s in everyone),
        can_close=_may_close(web.user, found),
        errors=errors or {},
        close_key=close_key,
    )


@router.get("/dot-xet/{code}")
async def round_page(web: WebDep, code: RoundCode) -> Response:
    if web.user is None:
        return web.to_login()
    return await _round_page(web, code)


@router.post("/dot-xet/{code}/ket-thuc")
async def close_round(web: WebDep, code: RoundCode) -> Response:
    """ "Kết thúc đợt": the round's timers stop; no dossier may join it any more."""
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return await _round_page(web, code, {"close": web.t("csrf.failed")}, 403)
    key = once.posted_key(form)  # the same form posted twice closes the round once
    user = web.user
    try:
        body = RoundCloseIn.model_validate({"comment": text(form, "comment")})
        closed = await rounds.close(
            state=web.state,
            session=web.session,
            principal=user,
            code=code,
            body=body,
            ip=web.ip,
            key=key,
        )
    except ValidationError as exc:
        message = "; ".join(round_form.validation_errors(exc, []).values())
        return await _round_page(web, code, {"close": message}, 422)
    except AppError as exc:
        await web.session.rollback()
        kept = once.kept(exc, key)
        return await _round_page(web, code, {"close": exc.detail}, exc.status, kept)
    return web.redirect(f"/dot-xet/{code}", notice="flash.round_closed", name=closed.name)
