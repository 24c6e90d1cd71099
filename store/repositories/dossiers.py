"""Dossier read model (dossiers, nominees, dossier_events): one dossier, its details, ids.

The workflow's projection activity writes the rows (it upserts newer versions only). Pages of
dossiers (the list and the inbox) are read by ``store.repositories.dossier_pages``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, distinct, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Attachment, Dossier, DossierEvent, Nominee
from store.repositories.dossier_lists import ListFilter, list_statements, list_where, visible_to
from store.repositories.dossier_summaries import past_due
from store.repositories.orgs import subtree_codes

__all__ = ["ListFilter", "list_statements", "list_where", "visible_to"]

FINAL_STATUSES = frozenset({"decided", "rejected", "withdrawn", "expired"})


@dataclass(frozen=True)
class NomineeRow:
    id: str
    kind: str
    name: str
    title: str | None = None
    gender: str | None = None
    is_direct_worker: bool = False
    ethnic_minority: bool = False
    outcome: str = "pending"
    bonus_vnd: int | None = None
    birth_date: date | None = None
    identity_number: str | None = None
    eligibility: dict[str, Any] | None = None
    initiative_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DossierRow:
    id: str
    award_code: str
    proposer_org: str
    route: list[str]
    route_orgs: list[str]
    status: str
    round: int
    summary: str
    year: int | None
    round_code: str | None
    late: bool
    stage: dict[str, Any] | None
    stage_org: str | None
    due_at: datetime | None
    overdue: bool
    decision: dict[str, Any] | None
    created_at: datetime
    version: int
    workflow_id: str = ""
    award_type: str = "regular"
    simplified: bool = False
    open_objections: int = 0
    nominees: list[NomineeRow] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    # kinds of the papers attached, when read with the row (``get(with_kinds=True)``)
    attachment_kinds: frozenset[str] | None = None


def _row(d: Dossier, kinds: frozenset[str] | None = None) -> DossierRow:
    return DossierRow(
        id=d.id,
        award_code=d.award_code,
        proposer_org=d.proposer_org,
        route=list(d.route),
        route_orgs=list(d.route_orgs),
        status=d.status,
        round=d.round,
        summary=d.summary,
        year=d.year,
        round_code=d.round_code,
        late=d.late,
        stage=d.stage,
        stage_org=d.stage_org,
        due_at=d.due_at,
        overdue=d.overdue or past_due(d.status, d.due_at),
        decision=d.decision,
        created_at=d.created_at,
        version=d.version,
        workflow_id=d.workflow_id,
        award_type=d.award_type,
        simplified=d.simplified,
        open_objections=d.open_objections,
        attachment_kinds=kinds,
    )


async def id_or_number(*, session: AsyncSession, workflow_id: str | None) -> str | int:
    """The dossier a keyed create's workflow already committed (a resend: its id), else a new
    number from the sequence, in one round trip; a resend uses no number up (``CASE`` asks
    the sequence only when no dossier is found)."""
    if workflow_id is None:
        number: int = (await session.execute(_NEXT)).scalar_one()
        return number
    found, fresh = (await session.execute(_KNOWN_OR_NEXT, {"workflow_id": workflow_id})).one()
    return str(found) if found is not None else int(fresh)


_NEXT = text("SELECT nextval('dossier_number_seq')")
_KNOWN_OR_NEXT = text(
    "SELECT known.id, CASE WHEN known.id IS NULL THEN nextval('dossier_number_seq') END "
    "FROM (SELECT (SELECT id FROM dossiers WHERE workflow_id = :workflow_id) AS id) AS known"
)


async def request_committed(*, session: AsyncSession, dossier_id: str, request_id: str) -> bool:
    """Whether a transition caused by the update ``request_id`` is committed (engine v2 tags
    its audit events with the update id)."""
    found = await session.scalar(
        select(DossierEvent.id)
        .where(
            DossierEvent.dossier_id == dossier_id,
            DossierEvent.data["request"].astext == request_id,
        )
        .limit(1)
    )
    return found is not None


async def get(
    *, session: AsyncSession, dossier_id: str, with_details: bool = False, with_kinds: bool = False
) -> DossierRow | None:
    """The dossier; ``with_kinds``: with the kinds of its attached papers, in the same query
    (a command's answer and the GET carry the papers checklist)."""
    if with_kinds:
        found = (await session.execute(_with_kinds(), {"dossier_id": dossier_id})).first()
        if found is None:
            return None
        dossier, kinds = found
        row = _row(dossier, frozenset(kinds or ()))
    else:
        plain = await session.get(Dossier, dossier_id)
        if plain is None:
            return None
        row = _row(plain)
    if with_details:
        await add_details(session=session, row=row)
    return row


@functools.cache
def _with_kinds() -> Select[Dossier, list[str] | None]:
    kinds = (
        select(func.array_agg(distinct(Attachment.kind)))
        .where(Attachment.dossier_id == Dossier.id)
        .scalar_subquery()
    )
    return select(Dossier, kinds).where(Dossier.id == bindparam("dossier_id"))


async def add_details(*, session: AsyncSession, row: DossierRow) -> DossierRow:
    """``row`` with its nominees and history (a row read without them, e.g. by a scope check)."""
    await add_nominees(session=session, row=row)
    events = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == row.id)
        .order_by(DossierEvent.at, DossierEvent.id)
    )
    row.history[:] = [
        {
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "level": e.level,
            "comment": e.comment,
            "org_code": e.org_code,
            "vote": (e.data or {}).get("vote"),
            "working_days": (e.data or {}).get("working_days"),
            "due_at": (e.data or {}).get("due_at"),
        }
        for e in events
    ]
    return row


async def add_nominees(*, session: AsyncSession, row: DossierRow) -> DossierRow:
    """``row`` with its nominees only (a check that needs no history)."""
    dossier_id = row.id
    nominees = await session.scalars(
        select(Nominee).where(Nominee.dossier_id == dossier_id).order_by(Nominee.position)
    )
    row.nominees[:] = [
        NomineeRow(
            id=n.id,
            kind=n.kind,
            name=n.name,
            title=n.title,
            gender=n.gender,
            is_direct_worker=n.is_direct_worker,
            ethnic_minority=n.ethnic_minority,
            outcome=n.outcome,
            bonus_vnd=n.bonus_vnd,
            birth_date=n.birth_date,
            identity_number=n.identity_number,
            eligibility=n.eligibility,
            initiative_ids=tuple(n.initiative_ids or ()),
        )
        for n in nominees
    ]
    return row


async def proposer_in_subtree(*, session: AsyncSession, root: str, proposer_org: str) -> bool:
    if root == proposer_org:
        return True
    tree = subtree_codes(root).subquery()
    found = await session.execute(select(tree.c.code).where(tree.c.code == proposer_org))
    return found.first() is not None
