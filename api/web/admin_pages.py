"""Administration pages: ``/quan-tri/don-vi`` (orgs), ``/quan-tri/tai-khoan`` (accounts); the
calendar's is :mod:`api.web.admin_calendar_pages`, one org's :mod:`api.web.admin_org_pages`.

Each page calls the same services as the JSON API (``api.services.orgs``, ``accounts``,
``calendar``), so the rules, the audit log and the session consequences (a disabled account or
a reset password ends its sessions) are the API's. Administrators only; every form repeats the
CSRF token; after a change the page says what happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.errors import AppError
from api.schemas.orgs import OrgCreate, OrgOut, UserCreate
from api.schemas.security import UserUpdate
from api.services import accounts, orgs
from api.web.admin_form import Errors, admin, apply, ip, posted, raw
from api.web.context import Web, WebDep, field_errors
from api.web.forms import in_order, keyed, text
from api.web.list_query import refusal
from core.i18n import _
from domain.levels import Level, OrgKind

router = APIRouter(include_in_schema=False)
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
    form, (errors, status) = await posted(web)
    names = ("code", "name", "level", "parent_code", "kind", "doc_symbol", "locality")
    typed = {n: raw(form, n) for n in names}
    data: dict[str, Any] = {k: v for k, v in typed.items() if v.strip() or k in ("code", "name")}
    data["code"] = typed["code"].strip()  # a code never has spaces around it: trimmed
    if not errors:
        data.setdefault("level", None)
        errors, status = await apply(
            web,
            OrgCreate,
            data,
            lambda body: orgs.create_org(
                session=web.session, principal=admin(web), body=body, ip=ip(web)
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
    found = await orgs.list_users(session=web.session, principal=admin(web), org_code=org)
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
    form, (errors, status) = await posted(web)
    typed: dict[str, Any] = {n: raw(form, n) for n in ("username", "full_name", "org_code")}
    typed["email"] = raw(form, "email")
    typed["roles"] = [r for r in form.getlist("roles") if isinstance(r, str)]
    data = {**typed, "password": raw(form, "password"), "email": typed["email"] or None}
    if not errors:
        errors, status = await apply(
            web,
            UserCreate,
            data,
            lambda body: orgs.create_user(
                session=web.session, principal=admin(web), body=body, ip=ip(web)
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
        return {"password": raw(form, "password")}
    return {"active": action == "enable"}


@router.post("/quan-tri/tai-khoan/{username}")
async def user_change(web: WebDep, username: str) -> Response:
    if refused := web.admin_only():
        return refused
    form, (errors, status) = await posted(web)
    action = text(form, "action")
    if not errors and action not in ACCOUNT_ACTIONS:  # a form field's value: invalid input
        errors, status = {"": web.t("msg.unknown_account_action")}, 422
    if not errors and action == "unlock":
        try:
            await accounts.unlock(
                session=web.session, principal=admin(web), username=username, ip=ip(web)
            )
        except AppError as exc:
            errors, status = field_errors(exc), exc.status
    elif not errors:
        errors, status = await apply(
            web,
            UserUpdate,
            _update_of(action, form),
            lambda body: accounts.update_user(
                session=web.session,
                principal=admin(web),
                username=username,
                body=body,
                ip=ip(web),
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
