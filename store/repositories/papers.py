"""What the generated papers read: org names, chairs' names, the dossier's decision events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import DossierEvent, Org, User


@dataclass(frozen=True)
class OrgInfo:
    code: str
    name: str
    level: str
    parent_code: str | None
    doc_symbol: str | None = None  # None: derived (domain.org_names)
    locality: str | None = None  # None: derived (domain.org_names)
    kind: str | None = None  # a unit's kind (domain.levels.OrgKind); None elsewhere


@dataclass(frozen=True)
class StageEvent:
    at: datetime
    actor: str
    action: str
    level: str | None
    org_code: str | None
    comment: str
    data: dict[str, Any]


async def orgs(*, session: AsyncSession, codes: Iterable[str]) -> dict[str, OrgInfo]:
    """The orgs named and their parents."""
    wanted = set(codes)
    found: dict[str, OrgInfo] = {}
    while wanted - found.keys():
        rows = await session.scalars(select(Org).where(Org.code.in_(wanted - found.keys())))
        batch = [
            OrgInfo(o.code, o.name, o.level, o.parent_code, o.doc_symbol, o.locality, o.kind)
            for o in rows
        ]
        if not batch:
            break
        found.update((o.code, o) for o in batch)
        wanted |= {o.parent_code for o in batch if o.parent_code is not None}
    return found


async def chairs(*, session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """Full name of an active chair of each org (the first by username)."""
    rows = await session.execute(
        select(User.org_code, User.full_name)
        .where(User.org_code.in_(set(codes)), User.roles.contains(["chair"]), User.active.is_(True))
        .order_by(User.org_code, User.username)
    )
    names: dict[str, str] = {}
    for org_code, full_name in rows:
        names.setdefault(org_code, full_name)
    return names


async def stage_events(*, session: AsyncSession, dossier_id: str) -> list[StageEvent]:
    rows = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at, DossierEvent.id)
    )
    return [
        StageEvent(e.at, e.actor, e.action, e.level, e.org_code, e.comment, dict(e.data or {}))
        for e in rows
    ]
