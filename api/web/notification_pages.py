"""The notification area: ``/thong-bao`` lists the user's notifications (newest first, the
unread ones marked), ``/thong-bao/da-doc`` marks one or all of them read.

Both call :mod:`api.services.notifications`, as ``GET /api/v1/notifications`` and
``POST /api/v1/notifications/read`` do: titles are worded from the catalogues by kind, with
award and org names, and nobody marks another user's notifications.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from api.errors import AppError, Invalid
from api.schemas.notifications import MAX_ID, NotificationsRead
from api.services import notifications
from api.web.context import WebDep
from api.web.forms import flag, int_or_none, text
from api.web.list_query import choice, whole_number
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)
PAGE = 100


@router.get("/thong-bao")
async def notice_list(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    query = web.request.query_params
    try:
        unread = {"1": web.t("notices.unread_filter")}
        unread_only = choice(query, "chua-doc", unread, label="unread") == "1"
        before = whole_number(query, "truoc", low=1, high=MAX_ID, label="before")
    except AppError as exc:
        return web.error_page(exc)
    found = await notifications.list_(
        session=web.session,
        principal=web.user,
        unread_only=unread_only,
        limit=PAGE,
        before=before,
    )
    items = found.items
    return web.render(
        "notifications.html",
        items=items,
        unread_only=unread_only,
        unread_total=found.unread,
        newest=items[0].id if items and not before else None,
        older=items[-1].id if len(items) == PAGE else None,
    )


@router.post("/thong-bao/da-doc")
async def mark_read(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    form = await web.request.form()
    if not await csrf_ok(web.request, text(form, "csrf_token")):
        return web.error_page(Invalid(web.t("csrf.failed")))
    back = "/thong-bao?chua-doc=1" if flag(form, "chua_doc") else "/thong-bao"
    one, up_to = int_or_none(text(form, "id")), int_or_none(text(form, "up_to"))
    try:
        body = NotificationsRead.model_validate(
            {"ids": [one]} if one is not None else {"up_to": up_to}
        )
        marked = await notifications.mark_read(session=web.session, principal=web.user, body=body)
    except ValidationError:
        return web.error_page(Invalid(web.t("notice.ids_or_up_to")))
    except AppError as exc:
        return web.error_page(exc)
    return web.redirect(back, notice="flash.notices_read", n=str(marked.marked))
