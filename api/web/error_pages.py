"""Error pages for people: a browser that asks a web page (not `/api/…`) for something wrong —
an unknown address, a query parameter out of range, an unexpected failure — gets the site's
error page in its language (with its navigation and the signed-in user), not problem+json.

`install_error_handlers(app, pages=html_error)` calls `html_error` first; None means "not a
person's page", and the API's problem+json answers."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from api.services import notifications, outbox
from api.state import AppState
from api.web.names import org_names
from api.web.render import page
from api.web.session import principal_of, visit_of

API_PREFIXES = ("/api/", "/static/", "/docs", "/redoc", "/openapi.json", "/healthz", "/readyz")


def wants_page(request: Request) -> bool:
    """A request for one of the web's pages (not an API path) from a client that does not ask
    for JSON only: browsers accept HTML, and a bare client (no ``Accept``, ``*/*``) reading a
    web address is shown the page too."""
    path = request.url.path
    accepts = request.headers.get("accept", "").lower()
    json_only = "json" in accepts and "text/html" not in accepts
    return not path.startswith(API_PREFIXES) and not json_only and path != "/metrics"


async def html_error(request: Request, status: int, message: str) -> Response | None:
    """The error page for `status` with `message` (already in the reader's language)."""
    if not wants_page(request):
        return None
    state: AppState = request.app.state.tdkt
    visit = visit_of(request)
    async with state.sessions() as session:
        user = await principal_of(request, state=state, session=session)
        names = await org_names(session, [user.org_code]) if user else {}
        unread = await notifications.unread_count(session, user) if user else 0
        dead = await outbox.dead_count(session=session, principal=user) if user else 0
    return page(
        request,
        "error.html",
        state=state,
        visit=visit,
        principal=user,
        status_code=status,
        org_names=names,
        unread=unread,
        dead_letters=dead,
        flash="",
        status=status,
        message=message,
    )
