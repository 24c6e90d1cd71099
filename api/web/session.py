"""Browser sessions: the JWT in an HttpOnly cookie, double-submit CSRF tokens, the language.

* ``tdkt_session`` holds the access token issued by ``api.services.auth`` (HttpOnly,
  SameSite=Lax, Secure in production). The page handlers turn it into a ``Principal`` with the
  same service the JSON API uses, so deactivation and role changes apply at once.
* ``tdkt_csrf`` holds a random token that every form repeats in a hidden ``csrf_token`` field
  (htmx requests send it as ``X-CSRF-Token``). A cross-site page can neither read the cookie
  nor set it, so it cannot forge a matching pair.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Forbidden, Unauthorized
from api.services import auth
from api.state import AppState
from core.i18n import Lang, _, pick_lang

SESSION_COOKIE: Final = "tdkt_session"
CSRF_COOKIE: Final = "tdkt_csrf"
LANG_COOKIE: Final = "tdkt_lang"
CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"
YEAR_SECONDS: Final = 365 * 24 * 3600


@dataclass(frozen=True)
class Visit:
    """What every page needs to know about the request."""

    lang: Lang
    csrf: str
    new_csrf: bool
    lang_from_query: bool


def visit_of(request: Request) -> Visit:
    query_lang = request.query_params.get("lang")
    lang = pick_lang(query_lang, request.cookies.get(LANG_COOKIE))
    token = request.cookies.get(CSRF_COOKIE) or ""
    fresh = len(token) < 32
    if fresh:
        token = secrets.token_urlsafe(32)
    return Visit(lang=lang, csrf=token, new_csrf=fresh, lang_from_query=query_lang in ("vi", "en"))


def _secure(state: AppState) -> bool:
    return state.settings.env == "production"


def remember(response: Response, visit: Visit, state: AppState) -> None:
    """Set the CSRF and language cookies the visit decided on."""
    if visit.new_csrf:
        response.set_cookie(
            CSRF_COOKIE,
            visit.csrf,
            httponly=True,
            samesite="lax",
            secure=_secure(state),
            path="/",
        )
    if visit.lang_from_query:
        response.set_cookie(
            LANG_COOKIE,
            visit.lang,
            max_age=YEAR_SECONDS,
            samesite="lax",
            path="/",
            secure=_secure(state),
        )


async def csrf_ok(request: Request, submitted: str | None = None) -> bool:
    """True when the form field (or the htmx header) repeats the CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if submitted is None:
        submitted = request.headers.get(CSRF_HEADER)
        if submitted is None:
            form = await request.form()
            value = form.get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else ""
    return len(cookie) >= 32 and hmac.compare_digest(cookie, submitted)


def csrf_form_check(request: Request) -> Callable[[dict[str, str]], None]:
    """For multipart forms the services parse as a stream: a check of the parsed fields that
    refuses (403) a form whose ``csrf_token`` does not repeat the cookie."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""

    def check(fields: dict[str, str]) -> None:
        submitted = fields.get(CSRF_FIELD, "")
        if len(cookie) < 32 or not hmac.compare_digest(cookie, submitted):
            raise Forbidden(_("csrf.failed"))

    return check


def sign_in(response: Response, token: str, state: AppState) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=state.settings.jwt_ttl_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=_secure(state),
        path="/",
    )
    # A new CSRF token after sign-in, so a token planted before login is worthless.
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(32),
        httponly=True,
        samesite="lax",
        secure=_secure(state),
        path="/",
    )


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


async def principal_of(
    request: Request, *, state: AppState, session: AsyncSession
) -> Principal | None:
    """The signed-in user, or None when the cookie is missing, expired or revoked."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return await auth.principal_from_token(
            session=session, settings=state.settings, token=token
        )
    except Unauthorized:
        return None
