"""The outbox sender: logs every queued notification and, with SMTP configured, mails it.

Runs as a small loop inside each worker process. A round claims due rows with
``FOR UPDATE SKIP LOCKED`` and a lease (``claimed_until``) in one short transaction, sends
outside any transaction, then marks each row sent, or failed with exponential backoff, and
``dead`` after ``MAX_ATTEMPTS`` (admins list and retry dead letters: ``/api/v1/outbox``).

Delivery is at-least-once at one edge only: a sender that dies after the SMTP server accepted
a message and before the row is marked sent leaves the lease to expire, and the message is sent
again. In normal operation two senders never send the same row (the lease and SKIP LOCKED).
"""

from __future__ import annotations

import asyncio
import smtplib
from datetime import timedelta
from email.message import EmailMessage

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from store.db import transaction
from store.repositories import outbox
from store.repositories.outbox import MAX_ATTEMPTS, Claimed

__all__ = ["MAX_ATTEMPTS", "OutboxSender", "build_email"]

log = structlog.get_logger(__name__)
SMTP_TIMEOUT = 30.0
# Longer than a batch can take to send (SMTP_TIMEOUT per message, a few messages per batch).
LEASE = timedelta(minutes=5)


def build_email(sender: str, row: Claimed) -> EmailMessage:
    """A UTF-8 plain-text message (Vietnamese subject and body)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.email or ""
    message["Subject"] = row.subject
    message.set_content(row.body, charset="utf-8")
    return message


class OutboxSender:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        lease: timedelta = LEASE,
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._lease = lease

    def _send(self, message: EmailMessage) -> None:
        host = self._settings.smtp_host
        assert host is not None
        with smtplib.SMTP(host, self._settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
            smtp.send_message(message)

    async def _deliver(self, row: Claimed) -> None:
        log.info(
            "notification.delivering",
            outbox_id=row.id,
            kind=row.kind,
            recipient=row.recipient,
            dossier_id=row.dossier_id,
            subject=row.subject,
        )
        if self._mails(row):
            await asyncio.to_thread(self._send, build_email(self._settings.mail_from, row))

    async def deliver_once(self, batch: int = 20) -> int:
        """Claim and deliver up to ``batch`` due rows; returns how many were sent.

        A row mailed through SMTP is marked sent at once (a crash after that cannot send it
        twice); rows without a mail to send (no SMTP host, no address) are only logged and
        are marked together at the end of the batch."""
        async with transaction(self._sessions) as session:
            claimed = await outbox.claim(session=session, batch=batch, lease=self._lease)
        sent = 0
        logged: list[int] = []
        for row in claimed:
            try:
                await self._deliver(row)
            except (OSError, smtplib.SMTPException) as exc:
                async with transaction(self._sessions) as session:
                    status = await outbox.mark_failed(session=session, row=row, error=str(exc))
                log.warning("notification.failed", outbox_id=row.id, status=status, error=str(exc))
                continue
            sent += 1
            if self._mails(row):
                async with transaction(self._sessions) as session:
                    await outbox.mark_sent(session=session, row_id=row.id, emailed=True)
            else:
                logged.append(row.id)
        if logged:
            async with transaction(self._sessions) as session:
                await outbox.mark_sent(session=session, row_id=logged, emailed=False)
        return sent

    def _mails(self, row: Claimed) -> bool:
        return bool(self._settings.smtp_host and row.email)

    async def run(self, stop: asyncio.Event, interval: float = 2.0) -> None:
        """Poll until ``stop`` is set; a database hiccup is logged and retried next round."""
        while not stop.is_set():
            try:
                while await self.deliver_once() and not stop.is_set():
                    pass
            except Exception:
                log.exception("outbox.round_failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                continue
