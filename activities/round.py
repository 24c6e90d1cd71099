"""Activities of the RoundWorkflow: org tree, projection, reconciliation, escalation notices.

Every write is idempotent: the round row only moves to a newer ``version``, events and outbox
rows are unique on their keys (``INSERT ... ON CONFLICT DO NOTHING``). Escalation e-mails are
worded from the catalogues (``mail.round.*``, Vietnamese) and name the late org and the round.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.mail_text import letter, level_words, sentence, when
from core.i18n import DEFAULT_LANG, Lang, _, using
from domain.levels import Level
from domain.round import RoundState, deadline_for
from domain.routes import OrgNode
from store.db import transaction
from store.models import (
    Dossier,
    DossierEvent,
    Org,
    OutboxMessage,
    Round,
    RoundEventRow,
    RoundSubmitter,
    User,
)
from store.repositories.audit import audit_write
from store.repositories.orgs import subtree_codes
from workflows.activity_contracts import Recipient
from workflows.round_contracts import (
    COLLECT_ROUND_PROGRESS,
    LOAD_ROUND_TREE,
    NOTIFY_ROUND,
    PROJECT_ROUND,
    DossierNews,
    RoundNotice,
    RoundProgress,
    RoundProjection,
    RoundTree,
    round_workflow_id,
)

log = structlog.get_logger(__name__)


def round_row(state: RoundState, created_by: str, specs: dict[str, str]) -> dict[str, Any]:
    return {
        "code": state.code,
        "name": state.name,
        "year": state.year,
        "owner_org": state.owner_org,
        "award_codes": list(state.award_codes),
        "deadline_specs": specs,
        "deadlines": {k: v.isoformat() for k, v in state.deadlines.items()},
        "status": state.status.value,
        "opened_at": state.opened_at,
        "closed_at": state.closed_at,
        "workflow_id": round_workflow_id(state.code),
        "created_by": created_by,
        "version": state.version,
    }


def submitter_rows(state: RoundState) -> list[dict[str, Any]]:
    return [
        {
            "round_code": state.code,
            "org_code": s.org_code,
            "level": s.level.value,
            "parent_code": s.parent_code,
            "role": s.role.value,
            "submitted_at": s.done_at,
            "late": s.is_late,
            "dossier_ids": list(s.dossier_ids),
            "escalation_level": s.escalation_level,
            "deadline": deadline_for(Level(s.level), state.deadlines),
        }
        for s in state.submitters
    ]


async def chairs_of(
    session: AsyncSession, recipients: Sequence[Recipient]
) -> list[tuple[str, str | None]]:
    """(username, email) of the active users holding each recipient's role in its org."""
    match = or_(
        *(and_(User.org_code == r.org_code, User.roles.contains([r.role])) for r in recipients)
    )
    query = select(User.username, User.email).where(User.active.is_(True), match)
    return [(u, e) for u, e in (await session.execute(query)).all()]


async def queue(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows; a retry or replay finds them there and inserts nothing."""
    if not rows:
        return 0
    stmt = (
        insert(OutboxMessage)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[OutboxMessage.event_key, OutboxMessage.recipient])
        .returning(OutboxMessage.id)
    )
    return len((await session.execute(stmt)).all())


def render_escalation(
    notice: RoundNotice, org_name: str | None = None, lang: Lang = DEFAULT_LANG
) -> tuple[str, str]:
    """Subject and body (Vietnamese unless ``lang`` says otherwise) of a round escalation; the
    late org by ``org_name`` (its code only when it has no name)."""
    with using(lang):
        subject = _(
            "mail.round.escalation.subject",
            n=notice.escalation_level,
            org=org_name or notice.org_code,
            round=notice.round_name,
        )
        lines = [sentence(subject)]
        if notice.deadline is not None:
            due = when(notice.deadline)
            level = level_words(notice.level)
            lines.append(
                _("mail.round.deadline_level", level=level, due=due)
                if level
                else _("mail.round.deadline", due=due)
            )
        lines += [
            _("mail.round.name", round=notice.round_name, code=notice.round_code),
            _("mail.round.urge"),
        ]
        return subject, letter(_("mail.greeting"), lines)


async def _queue_notice(session: AsyncSession, notice: RoundNotice) -> int:
    """One outbox row per chair of the late org and of the org above (a retry adds none)."""
    org_name = await session.scalar(select(Org.name).where(Org.code == notice.org_code))
    subject, body = render_escalation(notice, org_name)
    users = await chairs_of(session, notice.recipients)
    return await queue(
        session,
        [
            {
                "event_key": notice.event_key,
                "dossier_id": None,
                "recipient": username,
                "email": email,
                "kind": "round_escalated",
                "subject": subject,
                "body": body,
            }
            for username, email in users
        ],
    )


class RoundActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @activity.defn(name=LOAD_ROUND_TREE)
    async def load_round_tree(self, owner_org: str) -> RoundTree:
        """The owner org and every org below it."""
        async with self._sessions() as session:
            rows = (
                await session.scalars(select(Org).where(Org.code.in_(subtree_codes(owner_org))))
            ).all()
        nodes = [OrgNode(o.code, Level(o.level), o.parent_code) for o in rows]
        owner = next((n for n in nodes if n.code == owner_org), None)
        if owner is None:
            raise ApplicationError(f"no org {owner_org}", type="NotFound", non_retryable=True)
        return RoundTree(owner=owner, nodes=nodes)

    @activity.defn(name=PROJECT_ROUND)
    async def project_round(self, request: RoundProjection) -> bool:
        """Upsert the round and its submitters (newer versions only); append the events."""
        state = request.state
        row = round_row(state, request.created_by, request.deadline_specs)
        async with transaction(self._sessions) as session:
            stmt = insert(Round).values(**row)
            keep = ("code", "created_by", "deadline_specs", "workflow_id")
            upsert = stmt.on_conflict_do_update(
                index_elements=[Round.code],
                set_={
                    **{k: stmt.excluded[k] for k in row if k not in keep},
                    "updated_at": func.now(),
                },
                where=Round.version < stmt.excluded.version,
            ).returning(Round.code)
            fresh = (await session.execute(upsert)).first() is not None
            if fresh and state.submitters:
                subs = insert(RoundSubmitter).values(submitter_rows(state))
                await session.execute(
                    subs.on_conflict_do_update(
                        index_elements=[RoundSubmitter.round_code, RoundSubmitter.org_code],
                        set_={
                            k: subs.excluded[k]
                            for k in ("submitted_at", "late", "dossier_ids", "escalation_level")
                        },
                    )
                )
            if request.events:
                events = [
                    {
                        "event_key": e.key,
                        "round_code": state.code,
                        "at": e.at,
                        "kind": e.kind,
                        "org_code": e.org_code,
                        "dossier_id": e.dossier_id,
                        "escalation_level": e.escalation_level,
                        "detail": e.detail,
                    }
                    for e in request.events
                ]
                await session.execute(
                    insert(RoundEventRow)
                    .values(events)
                    .on_conflict_do_nothing(index_elements=[RoundEventRow.event_key])
                )
            for notice in request.notices:
                await _queue_notice(session, notice)
            if fresh:  # a retry of a committed version finds its entries written
                for origin in request.audit:
                    await audit_write(origin.actor, origin.action, state.code, origin.ip).execute(
                        session
                    )
        log.info("round.projected", round_code=state.code, version=state.version, fresh=fresh)
        return fresh

    @activity.defn(name=COLLECT_ROUND_PROGRESS)
    async def collect_round_progress(self, round_code: str) -> RoundProgress:
        """Submissions and forwardings of the round's dossiers, as the read model has them."""
        submitted = select(Dossier.id, Dossier.proposer_org, Dossier.created_at).where(
            Dossier.round_code == round_code, Dossier.version > 0
        )
        forwarded = (
            select(DossierEvent.dossier_id, DossierEvent.org_code, DossierEvent.at)
            .join(Dossier, Dossier.id == DossierEvent.dossier_id)
            .where(
                Dossier.round_code == round_code,
                DossierEvent.action.in_(("approved", "decided")),
                DossierEvent.org_code.is_not(None),
            )
            .order_by(DossierEvent.at)
        )
        async with self._sessions() as session:
            subs = (await session.execute(submitted.order_by(Dossier.created_at))).all()
            fwds = (await session.execute(forwarded)).all()
        return RoundProgress(
            submissions=[DossierNews(d, org, at) for d, org, at in subs],
            forwardings=[DossierNews(d, org, at) for d, org, at in fwds if org],
        )

    @activity.defn(name=NOTIFY_ROUND)
    async def notify_round(self, notice: RoundNotice) -> int:
        """One outbox row per chair of the late org and of the org above."""
        async with transaction(self._sessions) as session:
            inserted = await _queue_notice(session, notice)
        log.info("round.escalation_queued", round_code=notice.round_code, rows=inserted)
        return inserted
