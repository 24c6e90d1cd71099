"""Single sign-on pages: ``/login/oidc`` (to the provider) and its callback (back to tdkt)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.errors import NotFound, Unauthorized
from api.schemas.text import Text
from api.services import oidc
from api.web.auth_pages import safe_next
from api.web.context import WebDep
from api.web.session import sign_in
from core.i18n import _

router = APIRouter(include_in_schema=False)
FLOW_COOKIE = "tdkt_oidc"
CALLBACK = "/login/oidc/callback"


def _redirect_uri(web: WebDep) -> str:
    return str(web.request.base_url).rstrip("/") + CALLBACK


@router.get("/login/oidc")
async def sso_start(web: WebDep, next: Annotated[Text, Query(max_length=500)] = "/") -> Response:
    settings = web.state.settings
    if not oidc.enabled(settings):
        raise NotFound(_("msg.single_sign_on_is_not_configured"))
    url, flow = await oidc.begin(settings, _redirect_uri(web), safe_next(next))
    response = web.redirect(url)
    response.set_cookie(
        FLOW_COOKIE,
        flow,
        max_age=oidc.FLOW_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings.env == "production",
        path="/login/oidc",
    )
    return response


@router.get(CALLBACK)
async def sso_callback(
    web: WebDep,
    code: Annotated[Text, Query(max_length=2000)] = "",
    state: Annotated[Text, Query(max_length=200)] = "",
) -> Response:
    settings = web.state.settings
    if not oidc.enabled(settings):
        raise NotFound(_("msg.single_sign_on_is_not_configured"))
    ip = web.ip
    try:
        flow = oidc.read_flow(settings, web.request.cookies.get(FLOW_COOKIE), state)
        token = await oidc.finish(
            session=web.session,
            settings=settings,
            flow=flow,
            code=code,
            redirect_uri=_redirect_uri(web),
            ip=ip,
        )
    except Unauthorized as exc:
        failed = web.render(
            "login.html",
            status_code=401,
            errors={"": exc.detail},
            username="",
            next="/",
            sso=True,
        )
        failed.delete_cookie(FLOW_COOKIE, path="/login/oidc")
        return failed
    response = web.redirect(flow.next)
    sign_in(response, token, web.state)
    response.delete_cookie(FLOW_COOKIE, path="/login/oidc")
    return response
