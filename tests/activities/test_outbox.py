"""notify + outbox sender on real PostgreSQL, delivering to a real local SMTP server."""

from __future__ import annotations

import email
from collections.abc import Callable
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from sqlalchemy import select

from activities.notify import NotifyActivities
from activities.outbox import OutboxSender
from core.settings import Settings
from launcher.ports import free_port
from store.db import make_engine, make_sessionmaker, transaction
from store.models import OutboxMessage, User
from store.seed import insert_org
from workflows.activity_contracts import NotifyInput, Recipient


class Inbox(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message)


async def test_notification_is_queued_once_and_mailed_in_vietnamese(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    async with transaction(sessions) as session:
        await insert_org(session, "D9", "UBND huyện Kiểm thử", "district")
        for name, roles in (("chu.tich", ["chair"]), ("can.bo", ["officer"])):
            session.add(
                User(
                    username=name,
                    password_hash="x",
                    full_name=name,
                    org_code="D9",
                    roles=roles,
                    email=f"{name}@tdkt.test",
                )
            )
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = NotifyInput(
            event_key="dossier-HS1:4:escalated",
            dossier_id="HS1",
            kind="escalated",
            recipients=[Recipient("D9")],
            award_name="Chiến sĩ thi đua cơ sở",
            level="district",
            org_code="D9",
            escalation_level=2,
        )
        notify = NotifyActivities(sessions)
        assert await notify.notify(message) == 1
        assert await notify.notify(message) == 0  # a retry queues nothing new
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, mail_from="tdkt@tdkt.test")
        sender = OutboxSender(sessions, settings)
        assert await sender.deliver_once() == 1
        assert await sender.deliver_once() == 0  # sent exactly once
    finally:
        controller.stop()
        async with sessions() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        await engine.dispose()
    assert [(r.recipient, r.attempts, r.sent_at is not None) for r in rows] == [
        ("chu.tich", 1, True)
    ]
    assert len(inbox.messages) == 1
    mail = email.message_from_bytes(inbox.messages[0].as_bytes())
    subject = str(email.header.make_header(email.header.decode_header(mail["Subject"])))
    assert subject == "Báo cáo quá hạn (lần 2): hồ sơ HS1"
    assert mail["To"] == "chu.tich@tdkt.test"
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode("utf-8")
    assert "Hình thức khen thưởng: Chiến sĩ thi đua cơ sở." in body
