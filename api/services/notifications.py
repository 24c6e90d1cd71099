"""The caller's notifications: list them with titles worded from the catalogues, mark them read.

Titles are built when read, in the reader's language, from the row's kind and what it is about
(the dossier's award and proposing org, or the round and the late org), by name — the e-mail
text stored with the row is Vietnamese only and frozen at queueing time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.domain_text import award_name
from api.errors import Forbidden, Invalid, NotFound
from api.schemas.notifications import (
    NotificationList,
    NotificationOut,
    NotificationsMarked,
    NotificationsRead,
)
from core.i18n import _, has
from store.repositories import notifications, orgs
from store.repositories.notifications import NotificationRow
from workflows.activity_contracts import DOSSIER_NOTICE_KINDS

DOSSIER_KINDS = frozenset(DOSSIER_NOTICE_KINDS)


def _day(row: NotificationRow) -> str:
    """The day of a digest (``digest:<YYYY-MM-DD>:<org>``), else the day it was queued."""
    parts = row.event_key.split(":")
    try:
        day = date.fromisoformat(parts[1]) if len(parts) > 2 else row.created_at.date()
    except ValueError:
        day = row.created_at.date()
    return day.strftime("%d/%m/%Y")


def title(row: NotificationRow, names: dict[str, str]) -> str:
    """What the notification says, by name, in the current language."""
    if row.kind == "round_escalated" and row.round_code is not None:
        org = names.get(row.event_org or "", row.event_org or "—")
        return _(
            "notice.round_escalated",
            n=row.escalation_level or 1,
            org=org,
            round=row.round_name or row.round_code,
        )
    if row.kind == "digest":
        return _("notice.digest", day=_day(row))
    if row.dossier_id is None:
        return _("notice.generic")
    if row.award_code is None or row.kind not in DOSSIER_KINDS:
        return _("notice.other", id=row.dossier_id)
    proposer = names.get(row.proposer_org or "", row.proposer_org or "—")
    values = {"id": row.dossier_id, "award": award_name(row.award_code), "proposer": proposer}
    msgid = f"notice.{row.kind}"
    return _(msgid, **values) if has(msgid) else _("notice.other", id=row.dossier_id)


def _link(row: NotificationRow) -> str | None:
    if row.dossier_id is not None:
        return f"/ho-so/{row.dossier_id}"
    if row.round_code is not None:
        return f"/dot-xet/{row.round_code}"
    return None


async def list_(
    *,
    session: AsyncSession,
    principal: Principal,
    unread_only: bool = False,
    limit: int = 50,
    before: int | None = None,
) -> NotificationList:
    rows = await notifications.list_(
        session=session,
        recipient=principal.username,
        unread_only=unread_only,
        limit=limit,
        before=before,
    )
    names = await orgs.names(session, [c for r in rows for c in (r.proposer_org, r.event_org)])
    items = [
        NotificationOut(
            id=r.id,
            kind=r.kind,
            title=title(r, names),
            dossier_id=r.dossier_id,
            round_code=r.round_code,
            link=_link(r),
            created_at=r.created_at,
            read_at=r.read_at,
        )
        for r in rows
    ]
    unread = await notifications.unread_count(session, principal.username)
    return NotificationList(items=items, unread=unread)


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    return await notifications.unread_count(session, principal.username)


async def mark_read(
    *, session: AsyncSession, principal: Principal, body: NotificationsRead
) -> NotificationsMarked:
    """Mark the caller's own notifications read; another user's id is 403, an unknown one 404,
    and then nothing is marked."""
    if (body.ids is None) == (body.up_to is None):
        raise Invalid.field("ids", _("notice.ids_or_up_to"))
    if body.ids is not None:
        found = await notifications.owners(session, body.ids)
        for index, notice_id in enumerate(body.ids):
            owner = found.get(notice_id)
            if owner is None:
                raise NotFound.field(f"ids[{index}]", _("notice.not_found", id=notice_id))
            if owner != principal.username:
                raise Forbidden.field(f"ids[{index}]", _("notice.not_yours", id=notice_id))
    marked = await notifications.mark_read(
        session, principal.username, ids=body.ids, up_to=body.up_to
    )
    await session.commit()
    unread = await notifications.unread_count(session, principal.username)
    return NotificationsMarked(marked=marked, unread=unread)
