"""notify: one outbox row per recipient and event; the outbox sender delivers them.

Texts come from the catalogues (``mail.*``, Vietnamese) and name the org that holds the dossier:
its name is read inside the same INSERT ... SELECT that picks the recipients. The row is unique
on (event_key, recipient), so a retried activity or a replayed workflow cannot queue the same
message twice.
"""

from __future__ import annotations

import structlog
from sqlalchemy import ColumnElement, String, and_, func, literal, or_, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.mail_text import letter, level_words, sentence, when
from core.i18n import DEFAULT_LANG, Lang, _, using
from store.db import transaction
from store.models import Org, OutboxMessage, User
from workflows.activity_contracts import DOSSIER_NOTICE_KINDS, NOTIFY, NotifyInput

log = structlog.get_logger(__name__)

# the dossier events that have their own subject (``mail.subject.<kind>``)
KINDS = DOSSIER_NOTICE_KINDS

_COLUMNS = ["event_key", "dossier_id", "recipient", "email", "kind", "subject", "body"]
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


def _body(rendered: str, org_code: str | None) -> ColumnElement[str]:
    """The body with the org's name looked up in the same statement (its code if it has none)."""
    if org_code is None or _ORG not in rendered:
        return literal(rendered, String)
    head, tail = rendered.split(_ORG, 1)
    name = select(Org.name).where(Org.code == org_code).scalar_subquery()
    return func.concat(
        literal(head, String), func.coalesce(name, literal(org_code, String)), literal(tail, String)
    )


def notification_statement(msg: NotifyInput) -> Insert:
    """One INSERT ... SELECT that queues ``msg`` for every active user holding the role in the
    org (the recipients are selected inside it); a retry inserts nothing."""
    subject, body = render(msg, _ORG)
    match = or_(
        *(and_(User.org_code == r.org_code, User.roles.contains([r.role])) for r in msg.recipients)
    )
    recipients = select(
        literal(msg.event_key, String),
        literal(msg.dossier_id, String),
        User.username,
        User.email,
        literal(msg.kind, String),
        literal(subject, String),
        _body(body, msg.org_code),
    ).where(User.active.is_(True), match)
    return (
        insert(OutboxMessage)
        .from_select(_COLUMNS, recipients)
        .on_conflict_do_nothing(index_elements=[OutboxMessage.event_key, OutboxMessage.recipient])
    )


async def queue_notification(session: AsyncSession, msg: NotifyInput) -> int:
    """Queue ``msg`` in ``session``'s transaction; returns the rows inserted."""
    stmt = notification_statement(msg).returning(OutboxMessage.id)
    inserted = len((await session.execute(stmt)).all())
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
