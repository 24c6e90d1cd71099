"""notify + outbox sender on real PostgreSQL, delivering to a real local SMTP server."""

from __future__ import annotations

import asyncio
import email
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from activities.notify import NotifyActivities, notification_statement
from activities.outbox import MAX_ATTEMPTS, OutboxSender
from core.settings import Settings
from launcher.ports import free_port
from store.db import make_engine, make_sessionmaker, transaction
from store.models import OutboxMessage, User
from store.repositories import outbox
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
        people = (("chu.tich", ["chair"]), ("can.bo", ["officer"]), ("pho.chu.tich", ["chair"]))
        for name, roles in people:
            session.add(
                User(
                    username=name,
                    password_hash="x",
                    full_name=name,
                    org_code="D9",
                    roles=roles,
                    email=None if name == "pho.chu.tich" else f"{name}@tdkt.test",
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
        assert await notify.notify(message) == 2  # both chairs
        assert await notify.notify(message) == 0  # a retry queues nothing new
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, mail_from="tdkt@tdkt.test")
        sender = OutboxSender(sessions, settings)
        assert await sender.deliver_once() == 2
        assert await sender.deliver_once() == 0  # sent exactly once
    finally:
        controller.stop()
        async with sessions() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        await engine.dispose()
    # sent to both; e-mailed only to the chair with an address (audit A5 §10: admins can tell)
    assert sorted((r.recipient, r.attempts, r.sent_at is not None, r.emailed) for r in rows) == [
        ("chu.tich", 1, True, True),
        ("pho.chu.tich", 1, True, False),
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
    # the org holding the dossier by name, read in the statement that queued the row
    assert "Cơ quan đang xử lý: UBND huyện Kiểm thử (cấp huyện)." in body
    assert "D9" not in body


async def _queue(sessions: async_sessionmaker[AsyncSession], n: int, org: str) -> None:
    async with transaction(sessions) as session:
        await insert_org(session, org, f"UBND huyện {org}", "district")
        session.add(
            User(
                username=f"chair.{org}".lower(),
                password_hash="x",
                full_name="Chủ tịch",
                org_code=org,
                roles=["chair"],
                email=f"chair.{org}@tdkt.test".lower(),
            )
        )
    notify = NotifyActivities(sessions)
    for i in range(n):
        message = NotifyInput(
            event_key=f"dossier-{org}:{i}:arrived",
            dossier_id=f"HS-{org}-{i}",
            kind="arrived",
            recipients=[Recipient(org)],
            award_name="Giấy khen",
        )
        assert await notify.notify(message) == 1


class SlowInbox(Inbox):
    """Takes its time per message, so senders overlap and transactions would show."""

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(0.25)
        answer: str = await super().handle_DATA(server, session, envelope)
        return answer


async def test_two_senders_never_send_one_message_twice_and_hold_no_transaction(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=6)
    sessions = make_sessionmaker(engine)
    await _queue(sessions, 12, "D7")
    inbox = SlowInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, mail_from="tdkt@tdkt.test")
    oldest_transaction: list[float] = []

    async def watch(stop: asyncio.Event) -> None:
        query = text(
            "SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) "
            "FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
        )
        while not stop.is_set():
            async with sessions() as session:
                oldest_transaction.append(float(await session.scalar(query) or 0))
            await asyncio.sleep(0.02)

    try:
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch(stop))
        senders = [OutboxSender(sessions, settings) for _ in range(2)]
        sent = 0
        for _ in range(20):
            counts = await asyncio.gather(*(s.deliver_once(batch=5) for s in senders))
            sent += sum(counts)
            if sent >= 12:
                break
        stop.set()
        await watcher
    finally:
        controller.stop()
        async with sessions() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        await engine.dispose()
    assert sent == 12
    assert len(inbox.messages) == 12
    assert len({m["Subject"] for m in inbox.messages}) == 12
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)
    # each send takes 0.25 s: a transaction held across one would be seen older than that
    assert max(oldest_transaction) < 0.2, "SMTP must be talked to outside any transaction"


async def test_failures_back_off_then_die_and_an_admin_revives_them(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _queue(sessions, 1, "D8")
    closed_port = free_port()  # nothing listens: every send fails with a refused connection
    sender = OutboxSender(
        sessions, Settings(smtp_host="127.0.0.1", smtp_port=closed_port, mail_from="t@t.test")
    )
    try:
        assert await sender.deliver_once() == 0
        async with sessions() as session:
            row = (await session.execute(select(OutboxMessage))).scalar_one()
            now = (await session.execute(select(func.now()))).scalar_one()
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.last_error
        assert row.next_attempt_at > now  # backed off: not due again at once
        assert await sender.deliver_once() == 0
        async with transaction(sessions) as session:
            await session.execute(
                update(OutboxMessage).values(attempts=MAX_ATTEMPTS - 1, next_attempt_at=func.now())
            )
        assert await sender.deliver_once() == 0
        async with sessions() as session:
            row = (await session.execute(select(OutboxMessage))).scalar_one()
        assert (row.status, row.attempts) == ("dead", MAX_ATTEMPTS)
        async with transaction(sessions) as session:
            assert await outbox.retry(session=session, row_id=row.id)
            assert not await outbox.retry(session=session, row_id=row.id)  # no longer dead
        async with sessions() as session:
            row = (await session.execute(select(OutboxMessage))).scalar_one()
        assert (row.status, row.attempts) == ("pending", 0)
    finally:
        await engine.dispose()


async def test_a_lease_left_by_a_dead_sender_expires_and_the_row_is_sent(
    fresh_database_url: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    await _queue(sessions, 1, "D6")
    async with transaction(sessions) as session:  # a sender claims, then dies before sending
        claimed = await outbox.claim(session=session, batch=5, lease=timedelta(seconds=1))
    assert len(claimed) == 1
    sender = OutboxSender(sessions, Settings(smtp_host=None))
    try:
        assert await sender.deliver_once() == 0  # still leased
        await asyncio.sleep(1.2)
        assert await sender.deliver_once() == 1
        async with sessions() as session:
            row = (await session.execute(select(OutboxMessage))).scalar_one()
        assert (row.status, row.attempts, row.emailed) == ("sent", 2, False)  # no mail server
    finally:
        await engine.dispose()


async def test_one_statement_queues_every_message_of_a_transition_for_its_recipients(
    fresh_database_url: Callable[[], str],
) -> None:
    """The commit queues all of a transition's messages in one statement (built once, the
    messages bound as rows): each active user holding a recipient role in a recipient org gets
    each message once, and the body names the holding org (its code when no org has it)."""
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    people = (
        ("chair.d1", "D1", ["chair", "secretary"], True),
        ("old.chair.d1", "D1", ["chair"], False),  # inactive: never a recipient
        ("officer.d1", "D1", ["officer"], True),
        ("chair.d2", "D2", ["chair"], True),
    )
    async with transaction(sessions) as session:
        await insert_org(session, "D1", "UBND huyện Một", "district")
        await insert_org(session, "D2", "UBND huyện Hai", "district")
        for name, org, roles, active in people:
            session.add(
                User(
                    username=name, password_hash="x", full_name=name, org_code=org, roles=roles,
                    email=f"{name}@tdkt.test", active=active,
                )
            )  # fmt: skip
    both_roles = [Recipient("D1", "chair"), Recipient("D1", "secretary"), Recipient("D2")]
    messages = [
        NotifyInput(
            event_key="HS7:2:arrived", dossier_id="HS7", kind="arrived", recipients=both_roles,
            award_name="Giấy khen", level="district", org_code="D1",
        ),
        NotifyInput(
            event_key="HS7:2:returned", dossier_id="HS7", kind="returned",
            recipients=[Recipient("D2", "officer"), Recipient("D1", "officer")],
            award_name="Giấy khen", level="district", org_code="X404",  # no such org
        ),
        NotifyInput(
            event_key="HS7:2:other", dossier_id="HS7", kind="escalated",
            recipients=[Recipient("D2")], award_name="Giấy khen",
        ),
    ]  # fmt: skip
    write = notification_statement(messages)
    assert write is not None
    assert notification_statement([replace(messages[0], recipients=[])]) is None
    try:
        async with transaction(sessions) as session:
            await write.execute(session)
        async with transaction(sessions) as session:
            await write.execute(session)  # a retry queues nothing new
            again = notification_statement(messages)
            assert again is not None
            assert again.statement is write.statement  # built once, bound per execution
        async with sessions() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
    finally:
        await engine.dispose()
    queued = sorted((r.event_key, r.recipient) for r in rows)
    assert queued == [
        ("HS7:2:arrived", "chair.d1"),
        ("HS7:2:arrived", "chair.d2"),
        ("HS7:2:other", "chair.d2"),
        ("HS7:2:returned", "officer.d1"),
    ]
    bodies = {r.event_key: r.body for r in rows}
    assert "UBND huyện Một (cấp huyện)" in bodies["HS7:2:arrived"]
    assert "Cơ quan đang xử lý: X404 (cấp huyện)." in bodies["HS7:2:returned"]
    assert "Cơ quan đang xử lý" not in bodies["HS7:2:other"]
    assert all("\ue000" not in body for body in bodies.values())


async def test_a_parent_recipient_is_the_org_above(
    fresh_database_url: Callable[[], str],
) -> None:
    """`Recipient(org, parent=True)` queues for the chairs of the org above `org` (an
    escalation at a route's deciding stage), not for `org`'s own; an org without a parent
    queues nothing for it."""
    engine = make_engine(fresh_database_url(), pool_size=2)
    sessions = make_sessionmaker(engine)
    async with transaction(sessions) as session:
        await insert_org(session, "P8", "UBND tỉnh Thử", "province")
        await insert_org(session, "D8", "UBND huyện Thử", "district", "P8")
        for name, org in (("chair.p8", "P8"), ("chair.d8", "D8")):
            user = User(username=name, password_hash="x", full_name=name, org_code=org)
            user.roles = ["chair"]
            session.add(user)
    try:
        message = NotifyInput(
            event_key="dossier-HS8:3:escalated",
            dossier_id="HS8",
            kind="escalated",
            recipients=[
                Recipient("D8"),
                Recipient("D8", parent=True),
                Recipient("P8", parent=True),
            ],
            award_name="Giấy khen",
            level="district",
            org_code="D8",
            escalation_level=1,
        )
        assert await NotifyActivities(sessions).notify(message) == 2
        async with sessions() as session:
            rows = (await session.execute(select(OutboxMessage.recipient))).scalars().all()
    finally:
        await engine.dispose()
    assert sorted(rows) == ["chair.d8", "chair.p8"]
