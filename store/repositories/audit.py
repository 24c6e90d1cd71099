"""The append-only audit log: who did what, when, from where (`audit_log`).

`record_audit` adds a row to the caller's transaction; the caller commits (a failed request that
must still leave a trace, like a refused sign-in, commits the entry on its own). A command on a
dossier (engine v2) has its entry committed with its transition (`audit_write`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Insert, bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.db import transaction
from store.models import AuditEntry
from store.recordset import Write, table_of

ACTOR_MAX = 200
TARGET_MAX = 300
IP_MAX = 64


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    target: str
    ip: str


_COLUMNS = ("actor", "action", "target", "ip")


@functools.cache
def _append() -> Insert:
    # built once, bound per entry
    t = table_of(AuditEntry)
    return insert(t).values({c: bindparam(f"audit_{c}", type_=t.c[c].type) for c in _COLUMNS})


def audit_write(actor: str, action: str, target: str = "", ip: str = "") -> Write:
    """One entry as a :class:`Write` (values longer than their column are cut, never refused),
    e.g. for a dossier transition's commit, which runs it inside its own statement."""
    values = (actor[:ACTOR_MAX], action[:64], target[:TARGET_MAX], ip[:IP_MAX])
    return Write(_append(), {f"audit_{c}": v for c, v in zip(_COLUMNS, values, strict=True)})


async def record_audit(
    session: AsyncSession, actor: str, action: str, target: str = "", ip: str = ""
) -> None:
    """Append one entry to ``session``'s transaction."""
    await audit_write(actor, action, target, ip).execute(session)


async def append_alone(
    sessions: async_sessionmaker[AsyncSession],
    actor: str,
    action: str,
    target: str = "",
    ip: str = "",
) -> None:
    """Append one entry in a transaction of its own: for a command whose change another
    writer committed (a round's workflow), once that writer answered."""
    async with transaction(sessions) as session:
        await record_audit(session, actor, action, target, ip)


async def search(
    *,
    session: AsyncSession,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditRow], int]:
    """Entries newest first, and how many match in all."""
    where = []
    if actor is not None:
        where.append(AuditEntry.actor == actor)
    if action is not None:
        where.append(AuditEntry.action == action)
    if since is not None:
        where.append(AuditEntry.at >= since)
    total = await session.scalar(select(func.count()).select_from(AuditEntry).where(*where))
    rows = await session.scalars(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [AuditRow(r.at, r.actor, r.action, r.target, r.ip) for r in rows], int(total or 0)
