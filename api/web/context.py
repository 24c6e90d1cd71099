"""What each page handler receives: the app state, a DB session, the visit and the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.deps import SessionDep, StateDep, client_address
from api.errors import AppError, Forbidden
from api.services import notifications, outbox
from api.state import AppState
from api.web import flash
from api.web.names import org_names
from api.web.render import local_referer, page
from api.web.session import SESSION_COOKIE, Visit, principal_of, remember, visit_of
from core import i18n


@dataclass(frozen=True)
class Web:
    request: Request
    state: AppState
    session: AsyncSession
    visit: Visit
    user: Principal | None
    names: dict[str, str] = field(default_factory=dict)  # org code → name, for the page
    unread: int = 0  # the user's unread notifications (the navigation's badge)
    dead_letters: int = 0  # for an admin: notifications the outbox gave up on (another badge)

    async def name_orgs(self, codes: Iterable[str | None]) -> None:
        """Look up the names of the orgs a page shows (codes are for experts, names for people)."""
        missing = [c for c in codes if c and c not in self.names]
        self.names.update(await org_names(self.session, missing))

    @property
    def ip(self) -> str:
        """The client's address, derived exactly as the API's ``ClientAddress`` (the audit log's
        "from where"; behind a proxy uvicorn's ``proxy_headers`` has already applied it)."""
        return client_address(self.request)

    def render(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        """The page, with the message a previous redirect left (shown once)."""
        i18n.set_lang(self.visit.lang)
        message = flash.take(self.request)
        context.setdefault("flash", message)
        context.setdefault("unread", self.unread)
        context.setdefault("dead_letters", self.dead_letters)
        response = page(
            self.request,
            template,
            state=self.state,
            visit=self.visit,
            principal=self.user,
            status_code=status_code,
            org_names=self.names,
            **context,
        )
        if message:
            flash.clear(response)
        return response

    def here(self) -> str:
        """This address with its query: the page of a form posted to the address that shows it
        (the language switch of a refusal leads there)."""
        query = self.request.url.query
        return self.request.url.path + (f"?{query}" if query else "")

    def t(self, key: str, **values: object) -> str:
        i18n.set_lang(self.visit.lang)
        return i18n.gettext(key, **values)

    def redirect(self, url: str, *, notice: str = "", **values: str) -> Response:
        """A 303 (POST → GET); htmx requests get HX-Redirect so the whole page follows.

        ``notice`` is a ``flash.*`` msgid the next page shows once, formatted with ``values``
        (what happened: "Đã tạo đơn vị …")."""
        if self.request.headers.get("hx-request"):
            response: Response = Response(status_code=204, headers={"HX-Redirect": url})
        else:
            response = RedirectResponse(url, status_code=303)
        remember(response, self.visit, self.state)
        if notice:
            flash.leave(response, notice, values, secure=self.state.settings.env == "production")
        return response

    def to_login(self) -> Response:
        """To the login page and back here; a session that ended says so there."""
        target = self.request.url.path
        if self.request.url.query:
            target += "?" + self.request.url.query
        if self.request.method != "GET":  # a form was sent: back to the page that showed it
            target = local_referer(self.request) or "/"
        ended = SESSION_COOKIE in self.request.cookies
        url = "/login?next=" + quote(target, safe="")
        return self.redirect(url, notice="flash.session_ended" if ended else "")

    def admin_only(self, msgid: str = "msg.only_administrators_may_manage") -> Response | None:
        """The login page or a 403 page for anyone but an administrator; None for an admin."""
        if self.user is None:
            return self.to_login()
        if not self.user.is_admin:
            return self.error_page(Forbidden(msgid))
        return None

    def error_page(self, exc: AppError) -> HTMLResponse:
        return self.render(
            "error.html",
            status_code=exc.status,
            status=exc.status,
            message=exc.detail,
        )


async def web_context(request: Request, state: StateDep, session: SessionDep) -> Web:
    user = await principal_of(request, state=state, session=session)
    # the navigation's badge: htmx fragments have no navigation, so they skip the count
    fragment = request.headers.get("hx-request") == "true"
    unread, dead = 0, 0
    if user is not None and not fragment:
        unread = await notifications.unread_count(session, user)
        dead = await outbox.dead_count(session=session, principal=user)
    web = Web(
        request=request,
        state=state,
        session=session,
        visit=visit_of(request),
        user=user,
        unread=unread,
        dead_letters=dead,
    )
    if user is not None:
        await web.name_orgs([user.org_code])
    return web


WebDep = Annotated[Web, Depends(web_context)]


def field_errors(exc: AppError) -> dict[str, str]:
    """``{field: message}`` from a service error, for showing next to each field.

    Services word their errors through :mod:`core.i18n` in the visit's language (set by the
    middleware before the handler runs), so the text is shown as it is."""
    errors = {e.get("field", ""): e.get("message", "") for e in exc.errors}
    if not errors:
        errors[""] = exc.detail
    return errors
