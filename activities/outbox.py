"""The outbox sender: logs every queued notification and, with SMTP configured, mails it.

Runs as a small loop inside the worker process. Rows are claimed with ``FOR UPDATE SKIP
LOCKED`` so several workers never send the same row, and ``sent_at`` is set in the same
transaction as the send.
"""

from __future__ import annotations

import asyncio
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from store.db import transaction
from store.models import OutboxMessage

log = structlog.get_logger(__name__)
MAX_ATTEMPTS = 10


def build_email(sender: str, row: OutboxMessage) -> EmailMessage:
    """A UTF-8 plain-text message (Vietnamese subject and body)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.email or ""
    message["Subject"] = row.subject
    message.set_content(row.body, charset="utf-8")
    return message


class OutboxSender:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self._sessions = sessions
        self._settings = settings

    def _send(self, message: EmailMessage) -> None:
        host = self._settings.smtp_host
        assert host is not None
        with smtplib.SMTP(host, self._settings.smtp_port, timeout=30) as smtp:
            smtp.send_message(message)

    async def _deliver(self, row: OutboxMessage) -> None:
        log.info(
            "notification.delivering",
            outbox_id=row.id,
            kind=row.kind,
            recipient=row.recipient,
            dossier_id=row.dossier_id,
            subject=row.subject,
        )
        if self._settings.smtp_host and row.email:
            await asyncio.to_thread(self._send, build_email(self._settings.mail_from, row))

    async def deliver_once(self, batch: int = 50) -> int:
        """Deliver up to ``batch`` unsent rows; returns how many were marked sent."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(OutboxMessage.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
        sent = 0
        async with transaction(self._sessions) as session:
            for row in (await session.execute(query)).scalars().all():
                row.attempts += 1
                try:
                    await self._deliver(row)
                except (OSError, smtplib.SMTPException) as exc:
                    row.last_error = str(exc)[:1000]
                    log.warning("notification.failed", outbox_id=row.id, error=row.last_error)
                    continue
                row.sent_at = datetime.now(UTC)
                sent += 1
        return sent

    async def run(self, stop: asyncio.Event, interval: float = 2.0) -> None:
        """Poll until ``stop`` is set; a database hiccup is logged and retried next round."""
        while not stop.is_set():
            try:
                while await self.deliver_once():
                    pass
            except Exception:
                log.exception("outbox.round_failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                continue
