"""The notification outbox for administrators: list it, put dead letters back in the queue.

One way to do each thing, for the JSON API (``/api/v1/outbox``) and the admin page
(``/quan-tri/thu-chua-gui``) alike: each retry is the admin's decision and is in the audit log
(``outbox.retried``, the message id as its target) in the same transaction as the retry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Conflict, NotFound
from core.i18n import _
from store.repositories import outbox
from store.repositories.audit import record_audit
from store.repositories.outbox import OutboxRow

# What a failed delivery's error text (an OSError or smtplib exception) means, for people:
# (fragment of the error, lower case) → catalogue msgid. The first match wins.
ERROR_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("timed out", "timeout"), "outbox.error.timeout"),
    (("refused", "errno 111", "unreachable", "errno 113"), "outbox.error.unreachable"),
    (("name or service", "getaddrinfo", "errno -2", "errno -3", "nodename"), "outbox.error.host"),
    (("535", "authentication", "auth"), "outbox.error.login"),
    (("recipient", "550", "5.1.1", "mailbox"), "outbox.error.recipient"),
    (("ssl", "tls", "certificate"), "outbox.error.tls"),
)


def error_reason(error: str | None) -> str:
    """The msgid of what went wrong with a delivery, in plain words."""
    text = (error or "").lower()
    for fragments, msgid in ERROR_REASONS:
        if any(f in text for f in fragments):
            return msgid
    return "outbox.error.other" if text else "outbox.error.none"


@dataclass(frozen=True)
class Page:
    items: list[OutboxRow]
    total: int


async def list_(
    *, session: AsyncSession, principal: Principal, status: str | None, limit: int, page: int = 1
) -> Page:
    require_admin(principal)
    offset = (page - 1) * limit
    rows, total = await outbox.list_(session=session, status=status, limit=limit, offset=offset)
    return Page(rows, total)


async def dead_count(*, session: AsyncSession, principal: Principal) -> int:
    """How many dead letters wait for an admin (the navigation's badge); 0 for anyone else."""
    if not principal.is_admin:
        return 0
    return await outbox.count(session=session, status="dead")


async def retry(*, session: AsyncSession, principal: Principal, message_id: int, ip: str) -> None:
    """Put one dead letter back in the queue; 404 when there is no such message, 409 unless
    it is dead."""
    require_admin(principal)
    if not await outbox.retry(session=session, row_id=message_id):
        if not await outbox.exists(session=session, row_id=message_id):
            raise NotFound(_("msg.no_notification_message_id", message_id=message_id))
        raise Conflict(_("msg.notification_message_id_is_not_a", message_id=message_id))
    await record_audit(session, principal.username, "outbox.retried", str(message_id), ip)
    await session.commit()


async def retry_all(*, session: AsyncSession, principal: Principal, ip: str) -> int:
    """Put every dead letter back in the queue; how many."""
    require_admin(principal)
    ids = await outbox.retry_all(session=session)
    for message_id in ids:
        await record_audit(session, principal.username, "outbox.retried", str(message_id), ip)
    await session.commit()
    return len(ids)
