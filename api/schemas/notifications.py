"""Notifications: the caller's own outbox rows, with a title worded for people."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import RequestModel

MAX_ID = 2**62
NotificationId = Annotated[int, Field(ge=1, le=MAX_ID)]


class NotificationOut(BaseModel):
    id: int
    kind: str = Field(examples=["arrived"], description="arrived, reminder, escalated, ...")
    title: str = Field(
        description="What happened, in the reader's language, with award and org names",
        examples=["Hồ sơ HS-2026-00012 — Giấy khen của Trường THCS Lạc Vệ chờ xét duyệt"],
    )
    dossier_id: str | None = None
    round_code: str | None = None
    link: str | None = Field(
        default=None, description="The web page it is about", examples=["/ho-so/HS-2026-00012"]
    )
    created_at: datetime
    read_at: datetime | None = None


class NotificationList(BaseModel):
    items: list[NotificationOut]
    unread: int = Field(description="Your unread notifications (counted up to 100)")


class NotificationsRead(RequestModel):
    """Mark your notifications read: the ones listed in ``ids``, or all up to ``up_to`` (give
    exactly one of the two)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"ids": [41, 42]}, {"up_to": 42}]},
    )
    ids: list[NotificationId] | None = Field(default=None, min_length=1, max_length=500)
    up_to: NotificationId | None = Field(
        default=None, description="Every notification of yours with an id up to this one"
    )


class NotificationsMarked(BaseModel):
    marked: int = Field(description="How many were unread and are now read")
    unread: int
