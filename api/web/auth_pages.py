"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.errors import TooManyRequests, Unauthorized
from api.schemas.text import text_problem
from api.services import auth, oidc
from api.web.context import Web, WebDep
from api.web.forms import single
from api.web.session import csrf_ok, principal_of, sign_in, sign_out

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths: never an open redirect to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
async def login_form(web: WebDep, next: str | None = None) -> Response:
    if web.user is not None:
        return web.redirect(safe_next(next))
    return _login_page(web, {}, "", safe_next(next), 200)


def _login_page(
    web: Web, errors: dict[str, str], username: str, target: str, status: int
) -> Response:
    return web.render(
        "login.html",
        status_code=status,
        form_page="/login?" + urlencode({"next": target}),
        errors=errors,
        username=username,
        next=target,
        sso=oidc.enabled(web.state.settings),
    )


def _missing(web: Web, username: str, password: str) -> dict[str, str]:
    """The fields left empty, not text or too long, each named (nothing is cut)."""
    errors = {}
    for name, value, limit in (("username", username, 64), ("password", password, 200)):
        label = web.t(f"login.{name}")
        if not value.strip():
            errors[name] = web.t("field.message", field=label, message=web.t("pydantic.missing"))
        elif problem := text_problem(value):
            errors[name] = web.t("field.message", field=label, message=problem)
        elif len(value) > limit:
            too_long = web.t("pydantic.string_too_long", max_length=limit)
            errors[name] = web.t("field.message", field=label, message=too_long)
    return errors


@router.post("/login")
async def login(web: WebDep) -> Response:
    form = await web.request.form()
    username, password = _typed(form, "username"), _typed(form, "password")
    target = safe_next(_typed(form, "next")[:500])

    def again(errors: dict[str, str], status: int) -> Response:
        return _login_page(web, errors, username, target, status)

    if not await csrf_ok(web.request, _typed(form, "csrf_token")):
        return again({"": web.t("csrf.failed")}, 403)
    if missing := _missing(web, username, password):
        return again(missing, 422)
    try:
        token = await auth.issue_token(
            session=web.session,
            settings=web.state.settings,
            username=username.strip(),
            password=password,
            ip=web.ip,
        )
    except Unauthorized:
        return again({"username": web.t("login.failed")}, 401)
    except TooManyRequests as exc:
        refused = again({"username": exc.detail}, 429)
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    response = web.redirect(target)
    sign_in(response, token, web.state)
    return response


def _typed(form: FormData, name: str) -> str:
    return single(form, name)


@router.post("/logout")
async def logout(web: WebDep, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    if not await csrf_ok(web.request, csrf_token):
        return web.redirect("/")
    # The session cookie's token is revoked server-side, not just forgotten by this browser.
    principal = await principal_of(web.request, state=web.state, session=web.session)
    if principal is not None:
        ip = web.ip
        await auth.revoke(session=web.session, principal=principal, ip=ip)
    response = web.redirect("/login", notice="flash.logged_out")
    sign_out(response)
    return response
