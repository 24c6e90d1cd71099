"""The notification outbox for admins: what was sent, what failed, dead letters to retry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import AdminUser, ClientAddress, SessionDep
from api.schemas.common import EmptyBody, errors
from api.services import outbox
from core.i18n import _

router = APIRouter(prefix="/api/v1", tags=["outbox"])
MAX_PAGE = 100_000  # pages of `limit` rows: every message stays reachable, newest first


class OutboxItem(BaseModel):
    id: int
    dossier_id: str | None
    recipient: str
    kind: str
    subject: str
    status: Literal["pending", "sent", "dead"]
    attempts: int
    last_error: str | None  # the technical text, as the mail server or the network gave it
    error_text: str | None = None  # what went wrong, in plain words (the reader's language)
    created_at: datetime
    sent_at: datetime | None
    recipient_name: str | None = None  # the recipient's full name (None: no such user now)
    # once sent: true when the mail server accepted it, false when it was shown on the web only
    # (no mail server configured, or the recipient has no address); null before that was kept
    emailed: bool | None = None
    next_attempt_at: datetime | None = None  # while pending: when the sender tries it next


class OutboxList(BaseModel):
    items: list[OutboxItem]
    total: int
    page: int = 1
    page_size: int = 100


@router.get(
    "/outbox",
    summary="Queued, retrying, sent and dead notifications (admin), newest first",
    response_model=OutboxList,
    responses=errors(401, 403, 422),
)
async def list_outbox(
    session: SessionDep,
    admin: AdminUser,
    status: Annotated[
        Literal["pending", "sent", "dead", "retrying"] | None,
        Query(description="a state, or `retrying`: pending messages that failed at least once"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> OutboxList:
    found = await outbox.list_(
        session=session, principal=admin, status=status, limit=limit, page=page
    )
    return _items(found, page, limit)


def _items(found: outbox.Page, page: int = 1, limit: int = 100) -> OutboxList:
    items = [
        OutboxItem.model_validate(r, from_attributes=True).model_copy(
            update={"error_text": _(outbox.error_reason(r.last_error)) if r.last_error else None}
        )
        for r in found.items
    ]
    return OutboxList(items=items, total=found.total, page=page, page_size=limit)


async def _pending(session: SessionDep, admin: AdminUser) -> OutboxList:
    return _items(await outbox.list_(session=session, principal=admin, status="pending", limit=100))


@router.post(
    "/outbox/{message_id}/retry",
    summary="Put a dead notification back in the queue (admin)",
    response_model=OutboxList,
    responses=errors(401, 403, 404, 409, 422),
)
async def retry_outbox(
    session: SessionDep,
    admin: AdminUser,
    message_id: Annotated[int, Path(ge=1, le=2**62)],
    ip: ClientAddress,
    _body: EmptyBody = None,
) -> OutboxList:
    await outbox.retry(session=session, principal=admin, message_id=message_id, ip=ip)
    return await _pending(session, admin)


@router.post(
    "/outbox/retry-dead",
    summary="Put every dead notification back in the queue (admin)",
    response_model=OutboxList,
    responses=errors(401, 403, 422),
)
async def retry_dead(
    session: SessionDep, admin: AdminUser, ip: ClientAddress, _body: EmptyBody = None
) -> OutboxList:
    await outbox.retry_all(session=session, principal=admin, ip=ip)
    return await _pending(session, admin)
