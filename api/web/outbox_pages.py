"""``/quan-tri/thu-chua-gui``: the notifications the outbox gave up on (dead letters), for
administrators, with a retry per message and for all of them; below them the messages that
failed at least once and wait for their next attempt (a retried dead letter stays in sight
until it is sent).

The page calls the same service as the JSON API (``api.services.outbox``: list, retry, retry
all; each retry is in the audit log). Every form repeats the CSRF token; a retry redirects
(POST → GET) to the page, which says what happened.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.errors import AppError
from api.services import outbox
from api.web.context import Web, WebDep, field_errors
from api.web.forms import text
from api.web.session import csrf_ok

router = APIRouter(include_in_schema=False)
PATH = "/quan-tri/thu-chua-gui"
LIMIT = 500


async def _page(web: Web, error: str = "", status: int = 200) -> Response:
    assert web.user is not None
    page = await outbox.list_(session=web.session, principal=web.user, status="dead", limit=LIMIT)
    retrying = await outbox.list_(
        session=web.session, principal=web.user, status="retrying", limit=LIMIT
    )
    return web.render(
        "admin/outbox.html",
        status_code=status,
        page=page,
        retrying=retrying,
        error=error,
        reason=outbox.error_reason,
    )


@router.get(PATH)
async def dead_letters(web: WebDep) -> Response:
    return web.admin_only() or await _page(web)


async def _csrf(web: Web) -> Response | None:
    form = await web.request.form()
    if await csrf_ok(web.request, text(form, "csrf_token")):
        return None
    return await _page(web, web.t("csrf.failed"), 403)


@router.post(PATH + "/{message_id}/gui-lai")
async def retry_one(web: WebDep, message_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
    if refused := web.admin_only() or await _csrf(web):
        return refused
    assert web.user is not None
    try:
        await outbox.retry(
            session=web.session, principal=web.user, message_id=message_id, ip=web.ip
        )
    except AppError as exc:
        await web.session.rollback()
        return await _page(web, "; ".join(field_errors(exc).values()), exc.status)
    return web.redirect(PATH, notice="flash.outbox_retried", id=str(message_id))


@router.post(PATH + "/gui-lai-tat-ca")
async def retry_all(web: WebDep) -> Response:
    if refused := web.admin_only() or await _csrf(web):
        return refused
    assert web.user is not None
    retried = await outbox.retry_all(session=web.session, principal=web.user, ip=web.ip)
    return web.redirect(PATH, notice="flash.outbox_retried_all", count=str(retried.count))
