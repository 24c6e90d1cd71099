"""Your notifications (the outbox rows addressed to you): list them, mark them read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, SessionDep
from api.schemas.common import errors
from api.schemas.notifications import (
    MAX_ID,
    NotificationList,
    NotificationsMarked,
    NotificationsRead,
)
from api.services import notifications

router = APIRouter(prefix="/api/v1", tags=["notifications"])


@router.get(
    "/notifications",
    summary="Your notifications, newest first, each with a title in your language",
    response_model=NotificationList,
    responses=errors(401, 422),
)
async def list_notifications(
    session: SessionDep,
    principal: CurrentUser,
    unread: Annotated[bool, Query(description="Only the unread ones")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only ids below this (the next page)")
    ] = None,
) -> NotificationList:
    return await notifications.list_(
        session=session, principal=principal, unread_only=unread, limit=limit, before=before
    )


@router.post(
    "/notifications/read",
    summary="Mark your notifications read: `ids`, or every one up to the id `up_to`",
    description="Only your own: an id of another user's notification is 403 and nothing "
    "is marked; an unknown id is 404.",
    response_model=NotificationsMarked,
    responses=errors(401, 403, 404, 422),
)
async def mark_notifications_read(
    session: SessionDep, principal: CurrentUser, body: NotificationsRead
) -> NotificationsMarked:
    return await notifications.mark_read(session=session, principal=principal, body=body)
