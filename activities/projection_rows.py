"""The statements of a dossier's read model: its row, nominees, stages, objections, events.

The dossier row is upserted only when the state's ``version`` is newer than the stored one;
nominees, stages and objections follow it, and audit events are appended with
``ON CONFLICT (event_key) DO NOTHING``. Each statement is built once per shape and cached (its
values are parameters).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import BindParameter, Delete, bindparam, delete, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert, UpdateBase

from domain.ballot import Vote
from domain.dossier import DossierState, Event
from domain.eligibility_model import EligibilityResult
from store.models import Dossier, DossierEvent, Nominee, Objection, Stage
from store.recordset import Write, recordset_insert, table_of
from workflows.contracts import DecisionView, StageView
from workflows.status import status_of

_STAGE = TypeAdapter(StageView)
_DECISION = TypeAdapter(DecisionView)
_ELIGIBILITY = TypeAdapter(EligibilityResult)
_VOTE = TypeAdapter(Vote)


def event_key(dossier_id: str, seq: int) -> str:
    return f"{dossier_id}:{seq}"


def dossier_row(workflow_id: str, state: DossierState) -> dict[str, Any]:
    status = status_of(state)
    stage = status.stage
    names = " ".join(n.name for n in state.nominees)
    return {
        "id": state.dossier_id,
        "workflow_id": workflow_id,
        "award_code": state.award.code,
        "proposer_org": state.proposer_org,
        "route_profile": state.route.profile.value,
        "route": status.route,
        "route_orgs": status.route_orgs,
        "status": status.status,
        "round": state.round,
        "round_code": state.round_code,
        "late": state.late,
        "award_type": state.award_type,
        "simplified": state.simplified,
        "summary": state.summary,
        "year": state.year,
        "stage": None if stage is None else _STAGE.dump_python(stage, mode="json"),
        "stage_level": None if stage is None else stage.level,
        "stage_org": None if stage is None else stage.org_code,
        "due_at": None if stage is None else stage.due_at,
        "overdue": False if stage is None else stage.overdue,
        "decision": None
        if status.decision is None
        else _DECISION.dump_python(status.decision, mode="json"),
        "search_text": f"{state.dossier_id} {state.award.code} {state.summary} {names}".lower(),
        "created_by": state.submitted_by,
        "created_at": state.history[0].at if state.history else datetime.now(UTC),
        "version": state.version,
        "open_objections": len(state.open_objections),
    }


@functools.cache
def _dossier_upsert(columns: tuple[str, ...]) -> ReturningInsert[tuple[str]]:
    """The version-guarded upsert of a dossier row, built once (its values are parameters)."""
    stmt = insert(Dossier)
    changed = {k: stmt.excluded[k] for k in columns if k not in ("id", "created_at")}
    return stmt.on_conflict_do_update(
        index_elements=[Dossier.id],
        set_={**changed, "updated_at": func.now()},
        where=Dossier.version < stmt.excluded.version,
    ).returning(Dossier.id)


def _nominee_rows(state: DossierState) -> list[dict[str, Any]]:
    return [
        {
            "id": n.id,
            "dossier_id": state.dossier_id,
            "position": i,
            "kind": n.kind.value,
            "name": n.name,
            "title": n.title,
            "gender": n.gender,
            "is_direct_worker": n.is_direct_worker,
            "ethnic_minority": n.ethnic_minority,
            "outcome": n.outcome.value,
            "bonus_vnd": n.bonus_vnd,
            "birth_date": n.birth_date,
            "identity_number": n.identity_number,
            "initiative_ids": list(n.initiative_ids),
            "eligibility": None
            if n.eligibility is None
            else _ELIGIBILITY.dump_python(n.eligibility, mode="json"),
        }
        for i, n in enumerate(state.nominees)
    ]


def _stage_rows(state: DossierState) -> list[dict[str, Any]]:
    return [
        {
            "dossier_id": state.dossier_id,
            "seq": s.seq,
            "level": s.level.value,
            "org_code": s.org_code,
            "phase": s.phase.value,
            "arrived_at": s.arrived_at,
            "due_at": s.due_at,
            "closed_at": s.closed_at,
            "outcome": s.outcome,
            "overdue": s.overdue,
            "escalation_level": s.escalation_level,
        }
        for s in state.stages
    ]


@functools.cache
def _nominees_gone() -> Delete:
    table = table_of(Nominee)
    return delete(table).where(table.c.dossier_id == bindparam("nominee_dossier"))


@functools.cache
def _nominee_upsert(keys: tuple[str, ...]) -> UpdateBase:
    still: BindParameter[list[str]] = bindparam("nominee_keep", expanding=True)
    gone = _nominees_gone().where(table_of(Nominee).c.id.not_in(still))
    ins = recordset_insert(Nominee, keys, name="nominee_rows").add_cte(gone.cte("gone_nominees"))
    keep = ("id", "dossier_id")
    return ins.on_conflict_do_update(
        index_elements=[Nominee.id], set_={k: ins.excluded[k] for k in keys if k not in keep}
    )


def nominee_statement(state: DossierState) -> Write:
    """Upsert the nominees and delete those the state no longer has (one statement)."""
    rows = _nominee_rows(state)
    if not rows:
        return Write(_nominees_gone(), {"nominee_dossier": state.dossier_id})
    keep = [row["id"] for row in rows]
    params = {"nominee_rows": rows, "nominee_dossier": state.dossier_id, "nominee_keep": keep}
    return Write(_nominee_upsert(tuple(rows[0])), params)


@functools.cache
def _stage_upsert(keys: tuple[str, ...]) -> UpdateBase:
    ins = recordset_insert(Stage, keys, name="stage_rows")
    return ins.on_conflict_do_update(
        index_elements=[Stage.dossier_id, Stage.seq],
        set_={k: ins.excluded[k] for k in keys if k not in ("dossier_id", "seq")},
    )


def stage_statement(state: DossierState) -> Write | None:
    if not state.stages:
        return None
    rows = _stage_rows(state)
    return Write(_stage_upsert(tuple(rows[0])), {"stage_rows": rows})


@functools.cache
def _objection_upsert(keys: tuple[str, ...]) -> UpdateBase:
    ins = recordset_insert(Objection, keys, name="objection_rows")
    changing = ("status", "resolution", "resolved_by", "resolved_at")
    return ins.on_conflict_do_update(
        index_elements=[Objection.reference], set_={k: ins.excluded[k] for k in changing}
    )


def objection_statement(state: DossierState) -> Write | None:
    """Objections (contract §15) with their resolution, keyed by their public reference."""
    if not state.objections:
        return None
    rows = [
        {
            "reference": o.reference,
            "dossier_id": state.dossier_id,
            "org_code": o.org_code,
            "nominee_id": o.nominee_id,
            "content": o.content,
            "contact": o.contact,
            "client_addr": o.client_addr,
            "created_at": o.received_at,
            "status": o.status.value,
            "resolution": o.resolution,
            "resolved_by": o.resolved_by,
            "resolved_at": o.resolved_at,
        }
        for o in state.objections
    ]
    return Write(_objection_upsert(tuple(rows[0])), {"objection_rows": rows})


async def upsert_dossier(session: AsyncSession, workflow_id: str, state: DossierState) -> bool:
    """The dossier row, unless PostgreSQL holds this version or a newer one (then False)."""
    row = dossier_row(workflow_id, state)
    return (await session.execute(_dossier_upsert(tuple(row)), row)).first() is not None


def projection_statements(state: DossierState) -> list[Write]:
    """What follows a written dossier row: its nominees, stages and objections."""
    found = [nominee_statement(state), stage_statement(state), objection_statement(state)]
    return [stmt for stmt in found if stmt is not None]


@functools.cache
def _events_insert(keys: tuple[str, ...]) -> UpdateBase:
    stmt = recordset_insert(DossierEvent, keys, name="event_rows")
    return stmt.on_conflict_do_nothing(index_elements=[DossierEvent.event_key])


def _extension(event: Event) -> dict[str, object]:
    """An attributed extension's days and the deadline they led to (for its history line);
    the nominees an approval or decision left out (for the council's minutes)."""
    left_out: dict[str, object] = {} if event.dropped is None else {"dropped": list(event.dropped)}
    if event.working_days is None:
        return left_out
    due = None if event.due_at is None else event.due_at.isoformat()
    return {"working_days": event.working_days, "due_at": due} | left_out


def events_statement(
    state: DossierState, first: int = 1, request_id: str | None = None
) -> Write | None:
    """Append the events with ``seq >= first`` (tagged with the request that caused them)."""
    events = [e for e in state.history if e.seq >= first]
    if not events:
        return None
    rows = [
        {
            "event_key": event_key(state.dossier_id, e.seq),
            "dossier_id": state.dossier_id,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "level": e.level,
            "org_code": e.org_code,
            "comment": e.comment,
            "data": {"seq": e.seq, "round": state.round}
            | ({"request": request_id} if request_id else {})
            | ({} if e.vote is None else {"vote": _VOTE.dump_python(e.vote, mode="json")})
            | _extension(e),
        }
        for e in events
    ]
    return Write(_events_insert(tuple(rows[0])), {"event_rows": rows})
