"""notify: one outbox row per recipient and event; the outbox sender delivers them.

Texts come from the catalogues (``mail.*``, Vietnamese) and name the org that holds the dossier:
its name is read inside the same INSERT ... SELECT that picks the recipients. The row is unique
on (event_key, recipient), so a retried activity or a replayed workflow cannot queue the same
message twice.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import structlog
from sqlalchemy import String, and_, case, column, func, select
from sqlalchemy.dialects.postgresql import Insert, array, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.mail_text import letter, level_words, sentence, when
from core.i18n import DEFAULT_LANG, Lang, _, using
from store.db import transaction
from store.models import Org, OutboxMessage, User
from store.recordset import Write, recordset_source, table_of
from workflows.activity_contracts import DOSSIER_NOTICE_KINDS, NOTIFY, NotifyInput

log = structlog.get_logger(__name__)

# the dossier events that have their own subject (``mail.subject.<kind>``)
KINDS = DOSSIER_NOTICE_KINDS

_COLUMNS = ["event_key", "dossier_id", "recipient", "email", "kind", "subject", "body"]
# one row of a notification statement: a message and one (org, role) of its recipients
_NOTICE_KEYS = (
    "event_key", "dossier_id", "kind", "subject", "head", "body_org", "tail", "to_org", "to_role",
    "to_parent",
)  # fmt: skip
_ORG = "\ue000org\ue000"  # where the org name goes in a rendered body (private use: never typed)


def render(
    msg: NotifyInput, org_name: str | None = None, lang: Lang = DEFAULT_LANG
) -> tuple[str, str]:
    """Subject and body (plain text, Vietnamese unless ``lang`` says otherwise) of a
    notification; the org holding the dossier by ``org_name`` (its code when no name is given)."""
    with using(lang):
        kind = msg.kind if msg.kind in KINDS else "other"
        subject = _(f"mail.subject.{kind}", id=msg.dossier_id, n=msg.escalation_level)
        lines = [sentence(subject), _("mail.award", award=msg.award_name)]
        if msg.org_code:
            org = org_name or msg.org_code
            level = level_words(msg.level)
            lines.append(
                _("mail.org_holding_level", org=org, level=level)
                if level
                else _("mail.org_holding", org=org)
            )
        if msg.due_at is not None:
            lines.append(_("mail.due", due=when(msg.due_at)))
        if msg.comment:
            lines.append(_("mail.comment", comment=msg.comment))
        return subject, letter(_("mail.greeting"), lines)


@functools.cache
def _notice_insert() -> Insert:
    """Queue messages for every active user holding one of their roles in one of their orgs:
    one row of ``:notice_rows`` per message and recipient (org, role); the body's org name is
    read in the same statement (its code when it has none)."""
    src = recordset_source("notice_rows", [column(k, String) for k in _NOTICE_KEYS])
    org_name = select(Org.name).where(Org.code == src.c.body_org).scalar_subquery()
    body = func.concat(src.c.head, func.coalesce(org_name, src.c.body_org), src.c.tail)
    parent_of = select(Org.parent_code).where(Org.code == src.c.to_org).scalar_subquery()
    to_org = case((src.c.to_parent == "1", parent_of), else_=src.c.to_org)
    to_user = and_(
        User.org_code == to_org,
        User.roles.contains(array([src.c.to_role])),
        User.active.is_(True),
    )
    c = src.c
    row = (c.event_key, c.dossier_id, User.username, User.email, c.kind, c.subject, body)
    recipients = select(*row).select_from(src).join(User, to_user).distinct()
    return (
        insert(table_of(OutboxMessage))
        .from_select(_COLUMNS, recipients)
        .on_conflict_do_nothing(index_elements=[OutboxMessage.event_key, OutboxMessage.recipient])
    )


def _notice_rows(msg: NotifyInput) -> list[dict[str, str | None]]:
    subject, body = render(msg, _ORG)
    head, body_org, tail = body, None, ""
    if msg.org_code is not None and _ORG in body:
        head, tail = body.split(_ORG, 1)
        body_org = msg.org_code
    common = {
        "event_key": msg.event_key, "dossier_id": msg.dossier_id, "kind": msg.kind,
        "subject": subject, "head": head, "body_org": body_org, "tail": tail,
    }  # fmt: skip
    return [
        common | {"to_org": r.org_code, "to_role": r.role, "to_parent": "1" if r.parent else "0"}
        for r in msg.recipients
    ]


def notification_statement(messages: Sequence[NotifyInput]) -> Write | None:
    """One INSERT ... SELECT that queues every message for its recipients (selected inside
    it); a retry inserts nothing. None when no message has a recipient."""
    rows = [row for msg in messages for row in _notice_rows(msg)]
    return Write(_notice_insert(), {"notice_rows": rows}) if rows else None


async def queue_notification(session: AsyncSession, msg: NotifyInput) -> int:
    """Queue ``msg`` in ``session``'s transaction; returns the rows inserted."""
    write = notification_statement([msg])
    inserted = 0
    if write is not None:
        returning = write.statement.returning(OutboxMessage.id)  # a new statement: engine v1 only
        inserted = len((await session.execute(returning, write.params)).all())
    if not inserted:
        log.info("notification.none_queued", kind=msg.kind, dossier_id=msg.dossier_id)
    return inserted


class NotifyActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @activity.defn(name=NOTIFY)
    async def notify(self, msg: NotifyInput) -> int:
        """Queue the message (engine v1 dossiers; v2 queues inside its transition)."""
        async with transaction(self._sessions) as session:
            inserted = await queue_notification(session, msg)
        log.info("notification.queued", kind=msg.kind, dossier_id=msg.dossier_id, rows=inserted)
        return inserted
