"""The notification outbox for administrators: list it, put dead letters back in the queue.

One way to do each thing, for the JSON API (``/api/v1/outbox``) and the admin page
(``/quan-tri/thu-chua-gui``) alike: each retry is the admin's decision and is in the audit log
(``outbox.retried``, the message id as its target) in the same transaction as the retry. A
retry sent with an Idempotency-Key is answered in that transaction too (``KeyClaim.record``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Conflict, NotFound
from api.schemas.outbox import OutboxItem, OutboxList
from api.services.idempotency import KeyClaim
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


def list_out(found: Page, page: int = 1, limit: int = 100) -> OutboxList:
    """A page of the outbox as the API shows it, each failure also in plain words."""
    items = [
        OutboxItem.model_validate(r, from_attributes=True).model_copy(
            update={"error_text": _(error_reason(r.last_error)) if r.last_error else None}
        )
        for r in found.items
    ]
    return OutboxList(items=items, total=found.total, page=page, page_size=limit)


@dataclass(frozen=True)
class Retried:
    count: int  # how many dead letters were put back
    pending: OutboxList  # the pending messages afterwards (the first 100)


async def dead_count(*, session: AsyncSession, principal: Principal) -> int:
    """How many dead letters wait for an admin (the navigation's badge); 0 for anyone else."""
    if not principal.is_admin:
        return 0
    return await outbox.count(session=session, status="dead")


async def retry(
    *,
    session: AsyncSession,
    principal: Principal,
    message_id: int,
    ip: str,
    claim: KeyClaim | None = None,
) -> OutboxList:
    """Put one dead letter back in the queue; 404 when there is no such message, 409 unless
    it is dead. The pending messages afterwards (``claim``: as ``retry_all``'s)."""
    require_admin(principal)
    if not await outbox.retry(session=session, row_id=message_id):
        if not await outbox.exists(session=session, row_id=message_id):
            raise NotFound(_("msg.no_notification_message_id", message_id=message_id))
        raise Conflict(_("msg.notification_message_id_is_not_a", message_id=message_id))
    await record_audit(session, principal.username, "outbox.retried", str(message_id), ip)
    return await _committed(session, claim)


async def retry_all(
    *, session: AsyncSession, principal: Principal, ip: str, claim: KeyClaim | None = None
) -> Retried:
    """Put every dead letter back in the queue. ``claim``: the Idempotency-Key this request
    holds, answered in the transaction of the retry (``idempotency.keyed_write``)."""
    require_admin(principal)
    ids = await outbox.retry_all(session=session)
    for message_id in ids:
        await record_audit(session, principal.username, "outbox.retried", str(message_id), ip)
    return Retried(len(ids), await _committed(session, claim))


async def _committed(session: AsyncSession, claim: KeyClaim | None) -> OutboxList:
    """Commit the retry; the pending messages as this transaction sees them (its own retry
    among them), recorded as the key's answer in the same transaction."""
    rows, total = await outbox.list_(session=session, status="pending", limit=100, offset=0)
    answer = list_out(Page(rows, total))
    if claim is not None:
        await claim.record(session, answer)
    await session.commit()
    return answer
