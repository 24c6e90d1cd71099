"""A user's notifications: their outbox rows, newest first, read or not (migration 0017).

The workflows queue one outbox row per recipient and event; the rows carry the dossier (or,
for a round's escalation, the round event with the same ``event_key``), which the list joins
so that the reader sees award and org names rather than the e-mail's frozen text. Every
statement is bound to one recipient: nobody reads or marks another user's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier, OutboxMessage, Round, RoundEventRow

UNREAD_CAP = 100  # the badge says "99+" above this; counting further buys nothing


@dataclass(frozen=True)
class NotificationRow:
    id: int
    kind: str
    event_key: str
    dossier_id: str | None
    created_at: datetime
    read_at: datetime | None
    # from the dossier (when the notice is about one)
    award_code: str | None
    proposer_org: str | None
    stage_org: str | None
    # from the round event (a round's escalation)
    round_code: str | None
    round_name: str | None
    event_org: str | None
    escalation_level: int | None


async def list_(
    *,
    session: AsyncSession,
    recipient: str,
    unread_only: bool = False,
    limit: int = 50,
    before: int | None = None,
) -> list[NotificationRow]:
    """``recipient``'s rows, newest first (``before``: only ids below it, for the next page)."""
    o = OutboxMessage
    stmt = (
        select(
            o.id,
            o.kind,
            o.event_key,
            o.dossier_id,
            o.created_at,
            o.read_at,
            Dossier.award_code,
            Dossier.proposer_org,
            Dossier.stage_org,
            RoundEventRow.round_code,
            Round.name,
            RoundEventRow.org_code,
            RoundEventRow.escalation_level,
        )
        .outerjoin(Dossier, Dossier.id == o.dossier_id)
        .outerjoin(RoundEventRow, RoundEventRow.event_key == o.event_key)
        .outerjoin(Round, Round.code == RoundEventRow.round_code)
        .where(o.recipient == recipient)
        .order_by(o.id.desc())
        .limit(limit)
    )
    if unread_only:
        stmt = stmt.where(o.read_at.is_(None))
    if before is not None:
        stmt = stmt.where(o.id < before)
    return [
        NotificationRow(
            id=r[0],
            kind=r[1],
            event_key=r[2],
            dossier_id=r[3],
            created_at=r[4],
            read_at=r[5],
            award_code=r[6],
            proposer_org=r[7],
            stage_org=r[8],
            round_code=r[9],
            round_name=r[10],
            event_org=r[11],
            escalation_level=r[12],
        )
        for r in (await session.execute(stmt)).all()
    ]


async def unread_count(session: AsyncSession, recipient: str, cap: int = UNREAD_CAP) -> int:
    """How many of ``recipient``'s rows are unread, counted up to ``cap`` (the partial index
    ``ix_outbox_recipient_unread`` holds exactly those rows)."""
    unread = (
        select(OutboxMessage.id)
        .where(OutboxMessage.recipient == recipient, OutboxMessage.read_at.is_(None))
        .limit(cap)
        .subquery()
    )
    return int(await session.scalar(select(func.count()).select_from(unread)) or 0)


async def owners(session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    """``{id: recipient}`` of the rows that exist among ``ids``."""
    if not ids:
        return {}
    stmt = select(OutboxMessage.id, OutboxMessage.recipient).where(OutboxMessage.id.in_(ids))
    return {row[0]: row[1] for row in (await session.execute(stmt)).all()}


async def mark_read(
    session: AsyncSession,
    recipient: str,
    *,
    ids: Sequence[int] | None = None,
    up_to: int | None = None,
) -> int:
    """Mark ``recipient``'s unread rows read: those in ``ids``, or every one up to the id
    ``up_to`` (inclusive). Rows of other recipients are never touched. Returns how many."""
    stmt = update(OutboxMessage).where(
        OutboxMessage.recipient == recipient, OutboxMessage.read_at.is_(None)
    )
    if ids is not None:
        stmt = stmt.where(OutboxMessage.id.in_(list(ids)))
    if up_to is not None:
        stmt = stmt.where(OutboxMessage.id <= up_to)
    stmt = stmt.values(read_at=func.now()).returning(OutboxMessage.id)
    marked = await session.execute(stmt.execution_options(synchronize_session=False))
    return len(marked.all())
