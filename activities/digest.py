"""send_daily_digest: one outbox row per chair and day — waiting, overdue, due within N days.

"Due soon" means before 23:59:59 (UTC+7) of the N-th working day after today, on the calendar
with the admin overrides. A chair with nothing to report gets nothing. The row key is
``digest:<date>:<org>``, so a retried activity or a second run on the same day sends nothing new.
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
from activities.round import queue
from domain.calendar import VN_TZ, end_of_day, local_date
from domain.catalog import UnknownAward, default_catalog
from domain.round import DueClass, classify_due
from store.db import transaction
from store.models import Dossier, Round, RoundSubmitter, User
from workflows.round_contracts import SEND_DAILY_DIGEST, DigestRequest, DigestResult

log = structlog.get_logger(__name__)


def _award_name(code: str) -> str:
    try:
        return default_catalog().get(code).name_vi
    except UnknownAward:
        return code


@dataclass(frozen=True)
class Item:
    label: str
    due_at: datetime | None


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


def _due(at: datetime | None) -> str:
    return "không có hạn" if at is None else at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def render_digest(digest: Digest, day: str, horizon: int) -> tuple[str, str]:
    """Subject and body (Vietnamese) of one chair's digest."""
    subject = (
        f"Tổng hợp ngày {day} — {digest.org_code}: {len(digest.waiting)} hồ sơ chờ xử lý, "
        f"{len(digest.overdue)} quá hạn, {len(digest.due_soon)} sắp đến hạn"
    )
    lines = ["Kính gửi đồng chí Chủ tịch,", ""]
    sections = (
        ("Hồ sơ đang chờ đồng chí xử lý", digest.waiting),
        ("Đã quá hạn", digest.overdue),
        (f"Đến hạn trong {horizon} ngày làm việc tới", digest.due_soon),
    )
    for title, items in sections:
        lines.append(f"{title} ({len(items)}):")
        lines += [f"  - {i.label} — hạn {_due(i.due_at)}" for i in items] or ["  (không có)"]
        lines.append("")
    lines.append("Hệ thống quản lý thi đua, khen thưởng (tdkt).")
    return subject, "\n".join(lines)


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

        waiting = select(Dossier.id, Dossier.award_code, Dossier.stage_org, Dossier.due_at).where(
            Dossier.status == "in_review", Dossier.stage_org.is_not(None)
        )
        for dossier_id, award, org, due_at in (await session.execute(waiting)).all():
            if org is None:
                continue
            item = Item(f"Hồ sơ {dossier_id} ({_award_name(award)})", due_at)
            of(org).add(item, classify_due(due_at, now, soon_until), waiting=True)
        pending = (
            select(RoundSubmitter.org_code, Round.code, Round.name, RoundSubmitter.deadline)
            .join(Round, Round.code == RoundSubmitter.round_code)
            .where(Round.status == "open", RoundSubmitter.submitted_at.is_(None))
        )
        for org, code, name, deadline in (await session.execute(pending)).all():
            item = Item(f"Gửi hồ sơ đợt {code} ({name})", deadline)
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
            rows = []
            for org, digest in sorted(digests.items()):
                if digest.empty or org not in chairs:
                    continue
                subject, body = render_digest(digest, day, request.horizon_working_days)
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
