"""The notification outbox for admins: what was sent, what failed, dead letters to retry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import AdminUser, SessionDep
from api.errors import Conflict, NotFound
from api.schemas.common import errors
from core.i18n import _
from store.repositories import outbox

router = APIRouter(prefix="/api/v1", tags=["outbox"])


class OutboxItem(BaseModel):
    id: int
    dossier_id: str | None
    recipient: str
    kind: str
    subject: str
    status: Literal["pending", "sent", "dead"]
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class OutboxList(BaseModel):
    items: list[OutboxItem]
    total: int


@router.get(
    "/outbox",
    summary="Queued, sent and dead notifications (admin), newest first",
    response_model=OutboxList,
    responses=errors(401, 403, 422),
)
async def list_outbox(
    session: SessionDep,
    _admin: AdminUser,
    status: Literal["pending", "sent", "dead"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> OutboxList:
    rows, total = await outbox.list_(session=session, status=status, limit=limit)
    return OutboxList(
        items=[OutboxItem.model_validate(r, from_attributes=True) for r in rows], total=total
    )


@router.post(
    "/outbox/{message_id}/retry",
    summary="Put a dead notification back in the queue (admin)",
    response_model=OutboxList,
    responses=errors(401, 403, 404, 409, 422),
)
async def retry_outbox(
    session: SessionDep,
    _admin: AdminUser,
    message_id: Annotated[int, Path(ge=1, le=2**62)],
) -> OutboxList:
    if not await outbox.retry(session=session, row_id=message_id):
        if not await outbox.exists(session=session, row_id=message_id):
            raise NotFound(_("msg.no_notification_message_id", message_id=message_id))
        raise Conflict(_("msg.notification_message_id_is_not_a", message_id=message_id))
    await session.commit()
    rows, total = await outbox.list_(session=session, status="pending", limit=100)
    return OutboxList(
        items=[OutboxItem.model_validate(r, from_attributes=True) for r in rows], total=total
    )
