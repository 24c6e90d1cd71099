"""Opening a round on the web ("Mở đợt xét", contract §9): what the form on ``/dot-xet`` shows
and how its post becomes the request of ``POST /api/v1/rounds`` (the same service,
``api.services.rounds.create``; the routes live in :mod:`api.web.rounds`).

A chair opens a round of their own org; an administrator chooses the owner org (the deadline
fields follow the choice over htmx). Awards are chosen by name, cut-offs are dates per level
that submits. Errors are worded from the catalogues and tied to their fields; what was typed
stays; after the opening the round's page says what happened and who must submit by when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.errors import AppError
from api.schemas.rounds import RoundOut
from api.services import round_choices
from api.validation_text import field_label, field_path, translate
from api.web.context import Web
from api.web.forms import in_order, text
from api.web.render import fmt_datetime
from core.i18n import _
from domain.calendar import local_date
from domain.catalog import default_catalog

FIELDS = ("code", "name", "year", "owner_org")
FORM_ORDER = ("name", "code", "year", "owner_org", "award_codes")


def owner_of(web: Web, typed: str = "") -> str:
    """The owner org of the form: the chair's own org; an administrator's choice."""
    assert web.user is not None
    return typed if web.user.is_admin and typed else web.user.org_code


async def may_open(web: Web) -> bool:
    """Administrators, and chairs of an org with orgs below it."""
    user = web.user
    if user is None:
        return False
    if user.is_admin:
        return True
    return "chair" in user.roles and await round_choices.has_units_below(web.session, user.org_code)


async def form_context(
    web: Web,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What ``rounds.html`` needs to show the opening form (``can_open`` False: no form)."""
    if not await may_open(web):
        return {"can_open": False}
    assert web.user is not None
    values = dict(form or {})
    owners = await round_choices.owner_choices(web.session) if web.user.is_admin else None
    if owners and not values.get("owner_org"):
        own = [code for code, _name in owners if code == web.user.org_code]
        values["owner_org"] = own[0] if own else owners[0][0]
    owner = owner_of(web, str(values.get("owner_org", "")))
    await web.name_orgs([owner])
    values.setdefault("year", str(local_date(datetime.now(UTC)).year))
    levels = await round_choices.deadline_levels(web.session, owner)
    order = ("", *FORM_ORDER, *(f"deadline_{level}" for level in levels))
    return {
        "can_open": True,
        "owners": owners,
        "owner": owner,
        "levels": levels,
        "award_options": [a.code for a in default_catalog().all()],
        "rf": values,
        # the summary reads in the form's order: name, code, year, owner, awards, deadlines
        "rf_errors": in_order(errors or {}, order),
    }


def _key(path: str, levels: list[str]) -> str:
    """The form field an API field path belongs to."""
    if path.startswith("award_codes"):
        return "award_codes"
    if path.startswith("submission_deadlines"):
        level = path.partition(".")[2]
        chosen = level if level in levels else (levels[0] if levels else "")
        return f"deadline_{chosen}"
    return path if path in FIELDS else ""


# what an empty choice means on this form (pydantic would say "at least 1 item (0 given)")
NOTHING_CHOSEN = {
    "award_codes": "round.form.awards_needed",
    "submission_deadlines": "round.deadline_needed",
}


def validation_errors(exc: ValidationError, levels: list[str]) -> dict[str, str]:
    """Field → message (without pydantic's generic label: the form's label is right there)."""
    found: dict[str, str] = {}
    for err in exc.errors():
        path = field_path(err.get("loc", ()))
        if err.get("type") == "too_short" and path in NOTHING_CHOSEN:
            found.setdefault(_key(path, levels), _(NOTHING_CHOSEN[path]))
            continue
        worded = translate(err, exc.title)
        prefix = field_label(worded["field"], exc.title) + ": "
        message = worded["message"].removeprefix(prefix)
        found.setdefault(_key(worded["field"], levels), message[:1].upper() + message[1:])
    return found


def service_errors(exc: AppError, levels: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for err in exc.errors:
        found.setdefault(_key(str(err.get("field", "")), levels), str(err.get("message", "")))
    return found or {"": exc.detail}


def typed_values(form: FormData, levels: list[str]) -> dict[str, Any]:
    typed: dict[str, Any] = {name: text(form, name) for name in FIELDS}
    typed["award_codes"] = [v for v in form.getlist("award_codes") if isinstance(v, str)]
    for level in levels:
        typed[f"deadline_{level}"] = text(form, f"deadline_{level}")
    return typed


def payload(typed: Mapping[str, Any], owner: str, levels: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: typed[k] for k in ("code", "name", "year") if typed[k]}
    data["owner_org"] = owner
    data["award_codes"] = typed["award_codes"]
    data["submission_deadlines"] = {
        level: typed[f"deadline_{level}"] for level in levels if typed[f"deadline_{level}"]
    }
    return data


def opened_notice(created: RoundOut) -> tuple[str, dict[str, str]]:
    """The flash after an opening: the round, how many units must submit and by when."""
    cutoffs = [s.deadline for s in created.submitters if s.deadline is not None]
    if not created.submitters or not cutoffs:
        return "flash.round_opened_empty", {"name": created.name}
    values = {
        "name": created.name,
        "n": str(len(created.submitters)),
        "deadline": fmt_datetime(min(cutoffs)),
    }
    return "flash.round_opened", values
