"""What the registry pages share (``/so-khen-thuong``, contract §12): who may write, the posted
form and its CSRF token, the person's fields, the list's filters and running a form through the
API's schema and service with every refusal named by the form's own labels.

The registers are read by everyone signed in, each within their org's subtree (the services'
scope); officers (their org and below) and administrators write.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.authz import Principal
from api.errors import AppError, Forbidden
from api.schemas.registry_fields import text_problem
from api.web.admin_form import apply_worded
from api.web.context import Web, field_errors
from api.web.forms import in_order, single
from api.web.list_query import page_number
from api.web.names import orgs_in_scope
from api.web.render import award_name
from api.web.session import csrf_ok
from core.i18n import _
from domain.catalog import default_catalog

T = TypeVar("T", bound=BaseModel)
Errors = dict[str, str]
PAGE_SIZE = 50
ORG_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
FIRST_YEAR, LAST_YEAR = 1945, 2100
MAX_QUERY = 200
# a person's fields: the API's nested names → the form's flat ones
PERSON = {"person.name": "name", "person.birth_date": "birth_date"}
PERSON["person.identity_number"] = "identity_number"


def may_write(user: Principal | None) -> bool:
    """Officers and administrators keep the registers (the service has the final word)."""
    return user is not None and (user.is_admin or "officer" in user.roles)


def raw(form: FormData, name: str) -> str:
    """A field as typed (not stripped): the schema decides what blank means."""
    return single(form, name)


def writer_only(web: Web) -> Response | None:
    """The login page, or a 403 page for a reader who keeps no register."""
    if web.user is None:
        return web.to_login()
    if not may_write(web.user):
        return web.error_page(Forbidden(web.t("registry.not_allowed")))
    return None


async def posted(web: Web, names: tuple[str, ...]) -> tuple[dict[str, str], Errors, int]:
    """The form's fields as typed, and a refusal when its CSRF token is not the visit's."""
    form = await web.request.form()
    typed = {n: raw(form, n) for n in names}
    if not await csrf_ok(web.request, raw(form, "csrf_token").strip()):
        return typed, {"": web.t("csrf.failed")}, 403
    return typed, {}, 200


def person(typed: Mapping[str, str]) -> dict[str, Any]:
    """The API's ``person`` object from the form's flat fields (blank optional ones left out)."""
    found: dict[str, Any] = {"name": typed.get("name", "")}
    for key in ("birth_date", "identity_number"):
        if typed.get(key, "").strip():
            found[key] = typed[key].strip()
    return found


async def apply(
    web: Web,
    schema: type[T],
    data: dict[str, Any],
    call: Callable[[T], Awaitable[object]],
    labels: Mapping[str, str],
) -> tuple[Errors, int]:
    """Validate ``data`` with the API's schema and run the service (``admin_form``'s way): no
    errors, or the errors by the form's field (named by ``labels``: form field → msgid; the
    API's ``person.*`` fields are the form's flat ones) and the status to answer."""
    named = worded(web, labels)
    api_worded = {**named, **{api: named[f] for api, f in PERSON.items() if f in named}}
    errors, status = await apply_worded(web, schema, data, call, api_worded)
    return _flat(errors), status


def _flat(errors: Errors) -> Errors:
    found: Errors = {}
    for key, message in errors.items():
        name = PERSON.get(key, key.removeprefix("person.") if key.startswith("person") else key)
        found[name] = f"{found[name]}; {message}" if name in found else message
    return found


def ordered(errors: Errors, fields: tuple[str, ...]) -> Errors:
    return in_order(errors, ("", *fields))


async def org_choices(web: Web) -> list[tuple[str, str]]:
    """The orgs a list may be filtered by or a record written for: the user's subtree."""
    assert web.user is not None
    return await orgs_in_scope(web.session, web.user.org_code)


def award_options() -> list[tuple[str, str]]:
    return [(a.code, award_name(a.code)) for a in default_catalog().all()]


@dataclass
class Filters:
    """A list's query, checked: what the page shows back, the service's values, the errors."""

    shown: dict[str, str]
    org_code: str | None = None
    q: str | None = None
    award_code: str | None = None
    year: int | None = None
    page: int = 1
    errors: Errors = field(default_factory=dict)

    def url(self, path: str, page: int) -> str:
        filled = {k: v for k, v in self.shown.items() if v}
        return f"{path}?" + urlencode({**filled, "page": page})

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE


def filters(web: Web, names: tuple[str, ...]) -> Filters:
    """The query's filters (``names`` of org_code, q, award_code, year), each refused with a
    message naming the filter rather than failing the page."""
    query = web.request.query_params
    shown = {n: query.get(n, "").strip() for n in names}
    found = Filters(shown=shown)
    org, q, award, year = (shown.get(n, "") for n in ("org_code", "q", "award_code", "year"))
    if org and not ORG_CODE.match(org):
        found.errors["org_code"] = _("msg.unknown_org", org_code=repr(org))
    found.org_code = org or None
    if q and (problem := text_problem(q)):
        found.errors["q"] = problem
    elif len(q) > MAX_QUERY:
        found.errors["q"] = _("sheet.cell_too_long", max_length=MAX_QUERY)
    found.q = q or None
    if award and award not in default_catalog():
        found.errors["award_code"] = _("sheet.unknown_award", code=award)
    found.award_code = award or None
    if year and not (year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        found.errors["year"] = _("sheet.cell_year_range", first=FIRST_YEAR, last=LAST_YEAR)
    found.year = int(year) if year and "year" not in found.errors else None
    try:
        found.page = page_number(query)
    except AppError as exc:  # a page "abc" or 0: said next to the list, as the filters
        found.errors[""] = exc.detail
    return found


async def listing(
    web: Web, flt: Filters, path: str, fetch: Callable[..., Awaitable[Any]], **extra: Any
) -> dict[str, Any]:
    """A register list page's arguments: the page of rows the service ``fetch`` finds for the
    checked filters (the user's scope, org, name, page; ``extra`` filters of its own), orgs
    named, or the filters' refusals (422) or the service's, each by its filter."""
    assert web.user is not None
    errors, status = dict(flt.errors), 422 if flt.errors else 200
    items: list[Any] = []
    total = 0
    if not errors:
        try:
            found = await fetch(
                session=web.session, principal=web.user, org_code=flt.org_code, q=flt.q,
                limit=PAGE_SIZE, offset=flt.offset, **extra,
            )  # fmt: skip
            items, total = found.items, found.total
        except AppError as exc:
            errors, status = field_errors(exc), exc.status
    await web.name_orgs([*(i.org_code for i in items), flt.org_code])
    return {
        "status_code": status,
        "items": items,
        "total": total,
        "query": flt.shown,
        "errors": ordered(errors, tuple(flt.shown)),
        "org_choices": await org_choices(web),
        "can_write": may_write(web.user),
        **pages(flt, path, total),
    }


def worded(web: Web, labels: Mapping[str, str]) -> dict[str, str]:
    """A form's labels (field → msgid) in the visitor's language, for its error summary."""
    return {f: web.t(msgid) for f, msgid in labels.items()}


def pages(flt: Filters, path: str, total: int) -> dict[str, str | None]:
    last = max(1, -(-total // PAGE_SIZE))
    return {
        "prev_url": flt.url(path, flt.page - 1) if flt.page > 1 else None,
        "next_url": flt.url(path, flt.page + 1) if flt.page < last else None,
    }
