"""send_daily_digest: one outbox row per chair and day — waiting, overdue, due within N days.

"Due soon" means before 23:59:59 (UTC+7) of the N-th working day after today, on the calendar
with the admin overrides. A chair with nothing to report gets nothing. The row key is
``digest:<date>:<org>``, so a retried activity or a second run on the same day sends nothing new.
The text comes from the catalogues (``mail.digest.*``, Vietnamese) and names the orgs and the
awards; the org names are read in the transaction that queues the rows, in one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.deadline import DeadlineActivities, calendar_around
from activities.mail_text import award_name, letter, when
from activities.round import queue
from core.i18n import DEFAULT_LANG, Lang, _, using
from domain.calendar import end_of_day, local_date
from domain.due import DueClass, classify_due
from store.db import transaction
from store.models import Dossier, Round, RoundSubmitter, User
from store.repositories import orgs
from workflows.round_contracts import SEND_DAILY_DIGEST, DigestRequest, DigestResult

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Item:
    """One line of a digest: a dossier waiting at the org, or a round it has not sent to."""

    due_at: datetime | None
    dossier_id: str | None = None
    award_code: str = ""
    proposer_org: str = ""
    round_code: str = ""
    round_name: str = ""

    def label(self, names: dict[str, str]) -> str:
        if self.dossier_id is None:
            return _("mail.digest.round", code=self.round_code, round=self.round_name)
        proposer = names.get(self.proposer_org, self.proposer_org)
        award = award_name(self.award_code)
        return _("mail.digest.dossier", id=self.dossier_id, award=award, proposer=proposer)


@dataclass
class Digest:
    """What one org's chair reads today."""

    org_code: str
    waiting: list[Item] = field(default_factory=list)
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)

    def add(self, item: Item, due: DueClass, *, waiting: bool) -> None:
        if waiting:
            self.waiting.append(item)
        if due is DueClass.overdue:
            self.overdue.append(item)
        elif due is DueClass.due_soon:
            self.due_soon.append(item)

    @property
    def empty(self) -> bool:
        return not (self.waiting or self.overdue or self.due_soon)

    def org_codes(self) -> set[str]:
        """The orgs its text names: its own and each dossier's proposer."""
        items = (*self.waiting, *self.overdue, *self.due_soon)
        return {self.org_code} | {i.proposer_org for i in items if i.proposer_org}


def _line(item: Item, names: dict[str, str]) -> str:
    what = item.label(names)
    if item.due_at is None:
        return "  - " + _("mail.digest.item_no_due", what=what)
    return "  - " + _("mail.digest.item", what=what, due=when(item.due_at))


def render_digest(
    digest: Digest, day: str, horizon: int, names: dict[str, str], lang: Lang = DEFAULT_LANG
) -> tuple[str, str]:
    """Subject and body (Vietnamese unless ``lang`` says otherwise) of one chair's digest; orgs
    by their ``names`` (``{code: name}``, the code where a name is missing)."""
    with using(lang):
        subject = _(
            "mail.digest.subject",
            day=day,
            org=names.get(digest.org_code, digest.org_code),
            waiting=len(digest.waiting),
            overdue=len(digest.overdue),
            soon=len(digest.due_soon),
        )
        sections = (
            (_("mail.digest.waiting", n=len(digest.waiting)), digest.waiting),
            (_("mail.digest.overdue", n=len(digest.overdue)), digest.overdue),
            (_("mail.digest.due_soon", days=horizon, n=len(digest.due_soon)), digest.due_soon),
        )
        lines: list[str] = []
        for title, items in sections:
            if lines:
                lines.append("")
            lines.append(title)
            lines += [_line(i, names) for i in items] or ["  " + _("mail.digest.none")]
        return subject, letter(_("mail.digest.greeting"), lines)


class DigestActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._deadlines = DeadlineActivities(sessions)

    async def _soon_until(self, now: datetime, horizon: int) -> datetime:
        today = local_date(now)
        calendar = calendar_around(today, await self._deadlines.overrides(today))
        return end_of_day(calendar.add_working_days(today, horizon))

    async def _collect(
        self, session: AsyncSession, now: datetime, soon_until: datetime
    ) -> dict[str, Digest]:
        digests: dict[str, Digest] = {}

        def of(org: str) -> Digest:
            return digests.setdefault(org, Digest(org))

        waiting = select(
            Dossier.id, Dossier.award_code, Dossier.proposer_org, Dossier.stage_org, Dossier.due_at
        ).where(Dossier.status == "in_review", Dossier.stage_org.is_not(None))
        rows = (await session.execute(waiting)).all()
        for dossier_id, award, proposer, org, due_at in rows:
            if org is None:
                continue
            item = Item(due_at, dossier_id, award_code=award, proposer_org=proposer)
            of(org).add(item, classify_due(due_at, now, soon_until), waiting=True)
        pending = (
            select(RoundSubmitter.org_code, Round.code, Round.name, RoundSubmitter.deadline)
            .join(Round, Round.code == RoundSubmitter.round_code)
            .where(Round.status == "open", RoundSubmitter.submitted_at.is_(None))
        )
        for org, code, name, deadline in (await session.execute(pending)).all():
            item = Item(deadline, round_code=code, round_name=name)
            due = classify_due(deadline, now, soon_until)
            if due is not DueClass.later:
                of(org).add(item, due, waiting=False)
        return digests

    @activity.defn(name=SEND_DAILY_DIGEST)
    async def send_daily_digest(self, request: DigestRequest) -> DigestResult:
        now = request.at
        day = local_date(now).strftime("%d/%m/%Y")
        soon_until = await self._soon_until(now, request.horizon_working_days)
        async with transaction(self._sessions) as session:
            digests = await self._collect(session, now, soon_until)
            chairs: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
            query = select(User.org_code, User.username, User.email).where(
                User.active.is_(True), User.roles.contains(["chair"])
            )
            for org, username, email in (await session.execute(query)).all():
                chairs[org].append((username, email))
            sent = {o: d for o, d in sorted(digests.items()) if o in chairs and not d.empty}
            # every org the texts name, in one query of the same transaction
            names = await orgs.names(session, (c for d in sent.values() for c in d.org_codes()))
            rows = []
            for org, digest in sent.items():
                subject, body = render_digest(digest, day, request.horizon_working_days, names)
                rows += [
                    {
                        "event_key": f"digest:{local_date(now).isoformat()}:{org}",
                        "dossier_id": None,
                        "recipient": username,
                        "email": email,
                        "kind": "digest",
                        "subject": subject,
                        "body": body,
                    }
                    for username, email in chairs[org]
                ]
            inserted = await queue(session, rows)
        log.info("digest.queued", rows=inserted, recipients=len(rows))
        return DigestResult(chairs=len(rows), rows=inserted)
