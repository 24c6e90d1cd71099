"""Administration pages: ``/quan-tri/don-vi`` (orgs), ``/quan-tri/tai-khoan`` (accounts),
``/quan-tri/lich`` (working-day overrides of the calendar).

Each page calls the same services as the JSON API (``api.services.orgs``, ``accounts``,
``calendar``), so the rules, the audit log and the session consequences (a disabled account or
a reset password ends its sessions) are the API's. Administrators only; every form repeats the
CSRF token; after a change the page says what happened.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.authz import Principal
from api.errors import AppError
from api.schemas.orgs import OrgCreate, OrgOut, UserCreate
from api.schemas.reference import OverrideIn
from api.schemas.security import UserUpdate
from api.services import accounts, calendar, orgs
from api.web.context import Web, WebDep, field_errors
from api.web.forms import in_order, keyed, service_errors, single, text, validation_errors
from api.web.list_query import refusal, whole_number
from api.web.session import csrf_ok
from core.i18n import _
from domain.calendar import local_date
from domain.levels import Level, OrgKind

router = APIRouter(include_in_schema=False)
Errors = dict[str, str]
Refusal = tuple[Errors, int]  # the errors by field and the page's status (200: none)
T = TypeVar("T", bound=BaseModel)


async def _posted(web: Web) -> tuple[FormData, Refusal]:
    """The form, and a 403 when its CSRF token is not this session's (the only 403 a form
    gives itself: the rest is the service's word)."""
    form = await web.request.form()
    ok = await csrf_ok(web.request, text(form, "csrf_token"))
    return form, ({}, 200) if ok else ({"": web.t("csrf.failed")}, 403)


def _admin(web: Web) -> Principal:
    assert web.user is not None  # admin_only ran first
    return web.user


def _ip(web: Web) -> str:
    return web.ip


def _raw(form: FormData, name: str) -> str:
    """A field as typed (not stripped): the schema decides what blank and too long mean."""
    return single(form, name)


# each form's fields by the labels the page shows (msgids): its errors name them so, once
ORG_LABELS = {
    "code": "admin.orgs.code",
    "name": "admin.orgs.name",
    "level": "admin.orgs.level",
    "parent_code": "admin.orgs.parent",
    "kind": "admin.orgs.kind",
    "doc_symbol": "admin.orgs.doc_symbol",
    "locality": "admin.orgs.locality",
}
USER_LABELS = {
    "username": "admin.users.username",
    "full_name": "admin.users.full_name",
    "password": "admin.users.password",
    "email": "admin.users.email",
    "org_code": "admin.users.org",
    "roles": "admin.users.roles",
}
CALENDAR_LABELS = {
    "day": "admin.calendar.day",
    "working": "admin.calendar.kind",
    "note": "admin.calendar.note",
}


async def _apply(
    web: Web,
    schema: type[T],
    data: dict[str, Any],
    call: Callable[[T], Awaitable[object]],
    labels: Mapping[str, str],
) -> Refusal:
    """Validate ``data`` with the API's schema and run the service; errors by field, named by
    the form's labels (``labels``: field → msgid), with the status the API would answer (422
    for what the schema refuses, the service's own otherwise)."""
    worded = {field: web.t(msgid) for field, msgid in labels.items()}
    try:
        body = schema.model_validate(data)
    except ValidationError as exc:
        return validation_errors(exc, worded), 422
    try:
        await call(body)
    except AppError as exc:
        await web.session.rollback()
        if not exc.errors:
            return field_errors(exc), exc.status
        typed = {k: v.strip() for k, v in data.items() if isinstance(v, str)}
        return service_errors(exc, worded, typed), exc.status
    return {}, 200


def _levels() -> list[tuple[str, str]]:
    return [(level.value, _(f"level.{level.value}")) for level in Level]


def _kinds() -> list[tuple[str, str]]:
    return [(kind.value, _(f"orgkind.{kind.value}")) for kind in OrgKind]


def _org_choices(items: Iterable[OrgOut]) -> list[tuple[str, str]]:
    return sorted(((o.code, o.name) for o in items), key=lambda pair: pair[1])


OPTIONS = {"levels_options": _levels, "kind_options": _kinds, "orgs_options": _org_choices}


# ---- organisations ----------------------------------------------------------------------


async def _orgs_page(web: Web, form: dict[str, str], errors: Errors, status: int) -> Response:
    found = await orgs.list_orgs(session=web.session, level=None, parent_code=None)
    web.names.update({o.code: o.name for o in found.items})
    return web.render(
        "admin/orgs.html",
        status_code=status,
        form_page=web.here(),
        orgs=found.items,
        form=form,
        errors=in_order(
            errors, ("", "name", "code", "level", "parent_code", "kind", "doc_symbol", "locality")
        ),
        **OPTIONS,
    )


@router.get("/quan-tri/don-vi")
async def org_list(web: WebDep) -> Response:
    return web.admin_only() or await _orgs_page(web, {}, {}, 200)


@router.post("/quan-tri/don-vi")
async def org_create(web: WebDep) -> Response:
    if refused := web.admin_only():
        return refused
    form, (errors, status) = await _posted(web)
    names = ("code", "name", "level", "parent_code", "kind", "doc_symbol", "locality")
    typed = {n: _raw(form, n) for n in names}
    data: dict[str, Any] = {k: v for k, v in typed.items() if v.strip() or k in ("code", "name")}
    data["code"] = typed["code"].strip()  # a code never has spaces around it: trimmed
    if not errors:
        data.setdefault("level", None)
        errors, status = await _apply(
            web,
            OrgCreate,
            data,
            lambda body: orgs.create_org(
                session=web.session, principal=_admin(web), body=body, ip=_ip(web)
            ),
            ORG_LABELS,
        )
    if errors:
        return await _orgs_page(web, typed, errors, status)
    return web.redirect("/quan-tri/don-vi", notice="flash.org_created", name=typed["name"].strip())


# ---- accounts -----------------------------------------------------------------------------


async def _users_page(web: Web, form: dict[str, Any], errors: Errors, status: int) -> Response:
    org = web.request.query_params.get("don_vi", "").strip() or None
    all_orgs = await orgs.list_orgs(session=web.session, level=None, parent_code=None)
    web.names.update({o.code: o.name for o in all_orgs.items})
    if org is not None and org not in web.names:  # a filter by no org lists nobody: say so
        unknown = _("msg.unknown_org", org_code=repr(org))
        return web.error_page(refusal("don_vi", "org_code", unknown))
    found = await orgs.list_users(session=web.session, principal=_admin(web), org_code=org)
    return web.render(
        "admin/users.html",
        status_code=status,
        # an account's own form posts to /quan-tri/tai-khoan/<name>, which shows nothing
        form_page="/quan-tri/tai-khoan"
        + (f"?{web.request.url.query}" if web.request.url.query else ""),
        users=found,
        orgs=all_orgs.items,
        org_filter=org or "",
        form=form,
        errors=in_order(
            errors, ("", "full_name", "username", "password", "email", "org_code", "roles")
        ),
        **OPTIONS,
    )


@router.get("/quan-tri/tai-khoan")
async def user_list(web: WebDep) -> Response:
    return web.admin_only() or await _users_page(web, {"roles": []}, {}, 200)


@router.post("/quan-tri/tai-khoan")
async def user_create(web: WebDep) -> Response:
    if refused := web.admin_only():
        return refused
    form, (errors, status) = await _posted(web)
    typed: dict[str, Any] = {n: _raw(form, n) for n in ("username", "full_name", "org_code")}
    typed["email"] = _raw(form, "email")
    typed["roles"] = [r for r in form.getlist("roles") if isinstance(r, str)]
    data = {**typed, "password": _raw(form, "password"), "email": typed["email"] or None}
    if not errors:
        errors, status = await _apply(
            web,
            UserCreate,
            data,
            lambda body: orgs.create_user(
                session=web.session, principal=_admin(web), body=body, ip=_ip(web)
            ),
            USER_LABELS,
        )
    if errors:
        return await _users_page(web, typed, errors, status)
    return web.redirect(
        "/quan-tri/tai-khoan",
        notice="flash.user_created",
        username=typed["username"].strip().lower(),  # as stored (api.schemas.orgs)
        name=typed["full_name"].strip(),
    )


# what each account form changes: form name -> (fields read, flash msgid)
ACCOUNT_ACTIONS = {
    "roles": ("flash.user_roles_changed",),
    "disable": ("flash.user_disabled",),
    "enable": ("flash.user_enabled",),
    "password": ("flash.user_password_reset",),
    "unlock": ("flash.user_unlocked",),
}


def _update_of(action: str, form: FormData) -> dict[str, Any]:
    if action == "roles":
        return {"roles": [r for r in form.getlist("roles") if isinstance(r, str)]}
    if action == "password":
        return {"password": _raw(form, "password")}
    return {"active": action == "enable"}


@router.post("/quan-tri/tai-khoan/{username}")
async def user_change(web: WebDep, username: str) -> Response:
    if refused := web.admin_only():
        return refused
    form, (errors, status) = await _posted(web)
    action = text(form, "action")
    if not errors and action not in ACCOUNT_ACTIONS:  # a form field's value: invalid input
        errors, status = {"": web.t("msg.unknown_account_action")}, 422
    if not errors and action == "unlock":
        try:
            await accounts.unlock(
                session=web.session, principal=_admin(web), username=username, ip=_ip(web)
            )
        except AppError as exc:
            errors, status = field_errors(exc), exc.status
    elif not errors:
        errors, status = await _apply(
            web,
            UserUpdate,
            _update_of(action, form),
            lambda body: accounts.update_user(
                session=web.session,
                principal=_admin(web),
                username=username,
                body=body,
                ip=_ip(web),
            ),
            {"password": "admin.users.password_new", "roles": "admin.users.roles"},
        )
    if errors:
        # tied to the account's own form (its fields are `user-<username>-<field>`), and
        # listed at the top naming the account the change was for
        named = {k: f"{username}: {v}" for k, v in errors.items()}
        keyed_errors = keyed(named, f"user-{username}", ("password", "roles"))
        return await _users_page(web, {"roles": []}, keyed_errors, status)
    (notice,) = ACCOUNT_ACTIONS[action]
    return web.redirect("/quan-tri/tai-khoan", notice=notice, username=username)


# ---- calendar overrides -----------------------------------------------------------------


def _year(web: Web) -> int:
    """The year asked for (``?nam=``, this year when absent); 422 for one out of range."""
    found = whole_number(web.request.query_params, "nam", low=1990, high=2100, label="year")
    return found or local_date(datetime.now(UTC)).year


async def _calendar_page(
    web: Web, year: int, form: dict[str, str], errors: Errors, status: int = 200
) -> Response:
    found = await calendar.list_overrides(session=web.session, principal=_admin(web), year=year)
    holidays = await calendar.holidays(session=web.session, year=year)
    return web.render(
        "admin/calendar.html",
        status_code=status,
        form_page=web.here(),
        year=year,
        overrides=found,
        holidays=holidays,
        form=form,
        errors=in_order(errors, ("", "day", "working", "note")),
    )


@router.get("/quan-tri/lich")
async def calendar_page(web: WebDep) -> Response:
    if refused := web.admin_only():
        return refused
    try:
        year = _year(web)
    except AppError as exc:
        return web.error_page(exc)
    return await _calendar_page(web, year, {}, {})


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if 1990 <= day.year <= 2100 else None


@router.post("/quan-tri/lich")
async def calendar_change(web: WebDep) -> Response:
    if refused := web.admin_only():
        return refused
    form, (errors, status) = await _posted(web)
    typed = {n: _raw(form, n) for n in ("day", "working", "note", "action")}
    day = _day(typed["day"].strip())
    try:
        year = day.year if day else _year(web)
    except AppError as exc:
        return web.error_page(exc)
    if not errors and day is None:
        errors, status = {"day": web.t("msg.choose_a_day")}, 422
    if not errors and day is not None and typed["action"] == "remove":
        try:
            await calendar.remove_override(
                state=web.state, session=web.session, principal=_admin(web), day=day, ip=_ip(web)
            )
        except AppError as exc:
            await web.session.rollback()
            errors, status = field_errors(exc), exc.status
        if not errors:
            return web.redirect(
                f"/quan-tri/lich?nam={year}", notice="flash.override_removed", day=f"{day:%d/%m/%Y}"
            )
    elif not errors and day is not None:
        if typed["working"] not in ("1", "0"):
            errors, status = {"working": web.t("msg.choose_working_or_day_off")}, 422
        else:
            errors, status = await _apply(
                web,
                OverrideIn,
                {"working": typed["working"] == "1", "note": typed["note"]},
                lambda body: calendar.set_override(
                    state=web.state,
                    session=web.session,
                    principal=_admin(web),
                    day=day,
                    body=body,
                    ip=_ip(web),
                ),
                CALENDAR_LABELS,
            )
        if not errors:
            notice = "flash.override_working" if typed["working"] == "1" else "flash.override_off"
            return web.redirect(f"/quan-tri/lich?nam={year}", notice=notice, day=f"{day:%d/%m/%Y}")
    return await _calendar_page(web, year, typed, errors, status)
