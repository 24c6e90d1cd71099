"""The notification outbox: claim with a lease, mark sent or failed, dead letters for admins.

States: ``pending`` (waiting for ``next_attempt_at``) → ``sent``, or → ``dead`` after
``MAX_ATTEMPTS`` failures. A pending row with a ``last_error`` has failed at least once and is
being retried (the admins' "retrying" list, beside the dead letters). A claim sets
``claimed_until`` (a lease) in a short transaction of its own; the sender talks to SMTP
outside any transaction and then marks the row. A sender that dies mid-send leaves the lease
to expire, and the row is claimed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import OutboxMessage, User

MAX_ATTEMPTS = 10
BACKOFF_FIRST = timedelta(seconds=5)
BACKOFF_MAX = timedelta(hours=1)


@dataclass(frozen=True)
class Claimed:
    id: int
    event_key: str
    dossier_id: str | None
    recipient: str
    email: str | None
    kind: str
    subject: str
    body: str
    attempts: int


@dataclass(frozen=True)
class OutboxRow:
    id: int
    dossier_id: str | None
    recipient: str
    kind: str
    subject: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    recipient_name: str | None = None  # the user's full name (None: not a user any more)
    emailed: bool | None = None  # once sent: by e-mail (True) or on the web only (False)
    next_attempt_at: datetime | None = None  # while pending: when the sender tries it next


RETRYING = "retrying"  # a list filter, not a state: pending rows that failed at least once


def _state(status: str | None) -> list[ColumnElement[bool]]:
    if status is None:
        return []
    if status == RETRYING:
        return [OutboxMessage.status == "pending", OutboxMessage.last_error.is_not(None)]
    return [OutboxMessage.status == status]


def backoff(attempts: int) -> timedelta:
    """Exponential: 5 s, 10 s, 20 s … capped at one hour."""
    delay: timedelta = BACKOFF_FIRST * (2 ** min(max(attempts - 1, 0), 20))
    return min(delay, BACKOFF_MAX)


async def claim(*, session: AsyncSession, batch: int, lease: timedelta) -> list[Claimed]:
    """Lease up to ``batch`` due rows; concurrent senders skip each other's rows."""
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= func.now(),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < func.now()),
        )
        .order_by(OutboxMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(claimed_until=func.now() + lease, attempts=OutboxMessage.attempts + 1)
        .returning(
            OutboxMessage.id,
            OutboxMessage.event_key,
            OutboxMessage.dossier_id,
            OutboxMessage.recipient,
            OutboxMessage.email,
            OutboxMessage.kind,
            OutboxMessage.subject,
            OutboxMessage.body,
            OutboxMessage.attempts,
        )
    )
    rows = (await session.execute(stmt)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


async def mark_sent(*, session: AsyncSession, row_id: int | list[int], emailed: bool) -> None:
    """Sent: by e-mail (the mail server accepted it) or, ``emailed`` false, on the web only."""
    ids = row_id if isinstance(row_id, list) else [row_id]
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
        .values(
            status="sent", sent_at=func.now(), claimed_until=None, last_error=None, emailed=emailed
        )
    )


async def mark_failed(*, session: AsyncSession, row: Claimed, error: str) -> str:
    """Back off, or give up (``dead``) after ``MAX_ATTEMPTS``; returns the new status."""
    status = "dead" if row.attempts >= MAX_ATTEMPTS else "pending"
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.status == "pending")
        .values(
            status=status,
            last_error=error[:1000],
            claimed_until=None,
            next_attempt_at=func.now() + backoff(row.attempts),
        )
    )
    return status


async def list_(
    *, session: AsyncSession, status: str | None, limit: int, offset: int = 0
) -> tuple[list[OutboxRow], int]:
    """Newest first, ``limit`` from ``offset``, each with its recipient's full name;
    ``status`` is a state or ``RETRYING``."""
    where = _state(status)
    total = await session.scalar(select(func.count()).select_from(OutboxMessage).where(*where))
    rows = (
        await session.execute(
            select(OutboxMessage, User.full_name)
            .outerjoin(User, User.username == OutboxMessage.recipient)
            .where(*where)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
            .offset(offset)
        )
    ).all()
    items = [
        OutboxRow(
            r.id,
            r.dossier_id,
            r.recipient,
            r.kind,
            r.subject,
            r.status,
            r.attempts,
            r.last_error,
            r.created_at,
            r.sent_at,
            name,
            r.emailed,
            r.next_attempt_at if r.status == "pending" else None,
        )
        for r, name in rows
    ]
    return items, int(total or 0)


async def count(*, session: AsyncSession, status: str) -> int:
    """How many rows are in ``status`` (a state or ``RETRYING``): the admins' badge."""
    found = await session.scalar(
        select(func.count()).select_from(OutboxMessage).where(*_state(status))
    )
    return int(found or 0)


async def exists(*, session: AsyncSession, row_id: int) -> bool:
    found = await session.execute(select(OutboxMessage.id).where(OutboxMessage.id == row_id))
    return found.first() is not None


async def retry(*, session: AsyncSession, row_id: int) -> bool:
    """Put a dead letter back in the queue (an admin's decision); False unless it was dead."""
    result = await session.execute(
        update(OutboxMessage)
        .where(and_(OutboxMessage.id == row_id, OutboxMessage.status == "dead"))
        .values(status="pending", attempts=0, next_attempt_at=func.now(), claimed_until=None)
        .returning(OutboxMessage.id)
    )
    return result.first() is not None


async def retry_all(*, session: AsyncSession) -> list[int]:
    """Put every dead letter back in the queue; their ids."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=func.now(), claimed_until=None)
        .returning(OutboxMessage.id)
    )
    return sorted(result.scalars())
