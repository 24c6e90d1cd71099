"""The notification outbox as admins see it (``/api/v1/outbox``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


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
