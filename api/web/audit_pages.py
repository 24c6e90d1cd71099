"""``/nhat-ky``: the audit log for administrators (who did what, when, from where)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.schemas.text import Text
from api.services import accounts
from api.web.context import WebDep
from core.i18n import _, has

router = APIRouter(include_in_schema=False)
PAGE = 200

ADMIN_ONLY = "msg.only_administrators_may_read_the_audit"  # msgid: AppError words it


@router.get("/nhat-ky")
async def audit_page(
    web: WebDep,
    actor: Annotated[Text, Query(max_length=200)] = "",
    action: Annotated[Text, Query(max_length=64)] = "",
) -> Response:
    if refused := web.admin_only(ADMIN_ONLY):
        return refused
    page = await accounts.audit_log(
        session=web.session,
        actor=actor.strip() or None,
        action=action.strip() or None,
        since=None,
        limit=PAGE,
        offset=0,
    )
    return web.render(
        "audit.html", page=page, actor=actor, action=action, audit_action=action_words
    )


def action_words(action: str) -> str:
    """An audit action in words ("Đăng nhập sai"); the code is only the filter's value (the
    words link to the entries of that action), never shown beside the words."""
    msgid = f"audit.action.{action}"
    return _(msgid) if has(msgid) else action
