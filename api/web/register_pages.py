"""The discipline and initiative registers on the web (contract §12): ``/so-khen-thuong/ky-luat``
(periods of discipline or investigation that freeze nominations) and
``/so-khen-thuong/sang-kien`` (recognised initiatives and the title each one backed). Each page
lists the register of the user's subtree (by org and name) and, for officers and
administrators, holds the form that adds to it, through the API's services
(``api.services.registers``): the same scope, refusals and audit entries.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel

from api.schemas.registry import DisciplineIn, InitiativeIn
from api.services import registers
from api.web import registry_form as rf
from api.web.context import Web, WebDep

router = APIRouter(include_in_schema=False)
DISCIPLINE = "/so-khen-thuong/ky-luat"
INITIATIVES = "/so-khen-thuong/sang-kien"
FILTERS = ("org_code", "q")
KINDS = ("discipline", "disciplinary_review", "investigation", "prosecution", "complaint")
SCOPES = ("unit", "province", "national")
PERSON_LABELS = {
    "name": "registry.name",
    "birth_date": "field.birth_date",
    "identity_number": "field.identity_number",
    "org_code": "field.org_code",
}


@dataclass(frozen=True)
class Register:
    """One register's page: its address, template, form fields and how it lists and adds."""

    path: str
    template: str
    fields: tuple[str, ...]
    labels: dict[str, str]
    schema: type[BaseModel]
    notice: str
    payload: Callable[[dict[str, str]], dict[str, Any]]
    list_: Callable[..., Awaitable[Any]]
    add: Callable[..., Awaitable[Any]]


def _discipline(typed: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "person": rf.person(typed),
        "org_code": typed["org_code"].strip(),
        "from": typed["from"].strip(),
        "kind": typed["kind"].strip(),
        "note": typed["note"],
    }
    if typed["to"].strip():
        data["to"] = typed["to"].strip()
    return data


def _initiative(typed: dict[str, str]) -> dict[str, Any]:
    return {
        "person": rf.person(typed),
        "org_code": typed["org_code"].strip() or None,
        "title": typed["title"],
        "scope": typed["scope"].strip(),
        "recognised_on": typed["recognised_on"].strip(),
    }


DISCIPLINE_REGISTER = Register(
    path=DISCIPLINE,
    template="registry/discipline.html",
    fields=("name", "birth_date", "identity_number", "org_code", "kind", "from", "to", "note"),
    labels=PERSON_LABELS
    | {"kind": "registry.discipline.kind", "from": "field.from", "to": "field.to"}
    | {"note": "field.note"},
    schema=DisciplineIn,
    notice="flash.discipline_recorded",
    payload=_discipline,
    list_=registers.list_discipline,
    add=registers.add_discipline,
)
INITIATIVE_REGISTER = Register(
    path=INITIATIVES,
    template="registry/initiatives.html",
    fields=("name", "birth_date", "identity_number", "org_code", "title", "scope", "recognised_on"),
    labels=PERSON_LABELS
    | {"title": "registry.initiative.title", "scope": "field.scope"}
    | {"recognised_on": "field.recognised_on"},
    schema=InitiativeIn,
    notice="flash.initiative_recorded",
    payload=_initiative,
    list_=registers.list_initiatives,
    add=registers.add_initiative,
)


def _options(web: Web, family: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
    """A choice's options by their words (``discipline.investigation`` → "Đang bị điều tra")."""
    return [(v, web.t(f"{family}.{v}").capitalize()) for v in values]


async def _page(
    web: Web,
    register: Register,
    form: dict[str, str] | None = None,
    form_errors: rf.Errors | None = None,
    status: int = 200,
) -> Response:
    assert web.user is not None
    user = web.user
    shown = await rf.listing(
        web,
        rf.filters(web, FILTERS),
        register.path,
        register.list_,
    )
    if status != 200:  # the form's refusal is the page's answer
        shown["status_code"] = status
    return web.render(
        register.template,
        form_page=register.path,
        action=register.path,
        form=form or {"org_code": user.org_code},
        form_errors=rf.ordered(form_errors or {}, register.fields),
        labels=rf.worded(web, register.labels),
        kind_options=_options(web, "discipline", KINDS),
        scope_options=_options(web, "scope", SCOPES),
        **shown,
    )


async def _add(web: Web, register: Register) -> Response:
    if refused := rf.writer_only(web):
        return refused
    assert web.user is not None
    user = web.user
    typed, errors, status = await rf.posted(web, register.fields)
    if not errors:
        errors, status = await rf.apply(
            web,
            register.schema,
            register.payload(typed),
            lambda body: register.add(session=web.session, principal=user, body=body, ip=web.ip),
            register.labels,
        )
    if errors:
        return await _page(web, register, typed, errors, status)
    return web.redirect(register.path, notice=register.notice, name=typed["name"].strip())


def _routes(register: Register) -> None:
    """The register's page (GET) and its form's target (POST)."""

    async def show(web: WebDep) -> Response:
        if web.user is None:
            return web.to_login()
        return await _page(web, register)

    async def add(web: WebDep) -> Response:
        return await _add(web, register)

    router.add_api_route(register.path, show, methods=["GET"])
    router.add_api_route(register.path, add, methods=["POST"])


_routes(DISCIPLINE_REGISTER)
_routes(INITIATIVE_REGISTER)
