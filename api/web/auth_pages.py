"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from api.errors import TooManyRequests, Unauthorized
from api.schemas.text import Secret, Text
from api.services import auth, oidc
from api.web.context import WebDep
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
    return web.render(
        "login.html",
        error=None,
        username="",
        next=safe_next(next),
        sso=oidc.enabled(web.state.settings),
    )


@router.post("/login")
async def login(
    web: WebDep,
    username: Annotated[Text, Form(max_length=64)] = "",
    password: Annotated[Secret, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[Text, Form(max_length=500)] = "/",
) -> Response:
    target = safe_next(next)

    def again(message_key: str, status: int, error: str | None = None) -> Response:
        return web.render(
            "login.html",
            status_code=status,
            error=error or web.t(message_key),
            username=username,
            next=target,
            sso=oidc.enabled(web.state.settings),
        )

    if not await csrf_ok(web.request, csrf_token):
        return again("csrf.failed", 403)
    if not username.strip() or not password:
        return again("login.required", 422)
    try:
        token = await auth.issue_token(
            session=web.session,
            settings=web.state.settings,
            username=username.strip(),
            password=password,
            ip=web.request.client.host if web.request.client else "unknown",
        )
    except Unauthorized:
        return again("login.failed", 401)
    except TooManyRequests as exc:
        refused = again("login.failed", 429, exc.detail)
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    response = web.redirect(target)
    sign_in(response, token, web.state)
    return response


@router.post("/logout")
async def logout(web: WebDep, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    if not await csrf_ok(web.request, csrf_token):
        return web.redirect("/")
    # The session cookie's token is revoked server-side, not just forgotten by this browser.
    principal = await principal_of(web.request, state=web.state, session=web.session)
    if principal is not None:
        ip = web.request.client.host if web.request.client else "unknown"
        await auth.revoke(session=web.session, principal=principal, ip=ip)
    response = web.redirect("/login", notice="flash.logged_out")
    sign_out(response)
    return response
