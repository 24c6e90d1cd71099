"""The notification outbox: one message per recipient and event, sent exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, _now


class OutboxMessage(Base):
    """One notification per recipient and event; the sender marks it sent exactly once."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("event_key", "recipient"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(200))
    dossier_id: Mapped[str | None] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    # pending → sent | dead (after MAX_ATTEMPTS; an admin may put it back to pending)
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    next_attempt_at: Mapped[datetime] = _now()
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # once sent: True when the mail server accepted it, False when shown on the web only (no
    # mail server, or no address); None for rows sent before migration 0025
    emailed: Mapped[bool | None] = mapped_column(Boolean)
    # when the recipient marked it read on the web (migration 0017); None = unread
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# a recipient's notifications newest first, and the unread ones (the navigation's badge)
Index("ix_outbox_recipient_id", OutboxMessage.recipient, OutboxMessage.id.desc())

Index(
    "ix_outbox_recipient_unread",
    OutboxMessage.recipient,
    OutboxMessage.id.desc(),
    postgresql_where=OutboxMessage.read_at.is_(None),
)

# the admins' lists and badge: dead letters, and pending rows that failed at least once
# (small partial indexes; migration 0026)
Index("ix_outbox_dead", OutboxMessage.id.desc(), postgresql_where=OutboxMessage.status == "dead")
Index(
    "ix_outbox_retrying",
    OutboxMessage.id.desc(),
    postgresql_where=(OutboxMessage.status == "pending") & OutboxMessage.last_error.is_not(None),
)
