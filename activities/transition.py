"""commit_transition: one dossier transition in one PostgreSQL transaction (engine v2).

Computes the times the new state lacks (working days from the holiday calendar plus the admin
overrides read in the same transaction), then writes the version-guarded projection, the audit
events, the outbox rows, the award-registry rows, the request's audit-log entry (who, from
where) and, when it decides the dossier, what the decision's papers print about its orgs, and
stores its own result under (workflow id, version) in ``dossier_commits``. A retry of a
committed transition (the worker died after COMMIT, before Temporal heard of it) finds that
row and returns the same result, so the workflow settles exactly what PostgreSQL holds.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import structlog
from pydantic import TypeAdapter
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import UpdateBase
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.awards import award_statement
from activities.deadline import calendar_around, compute, overrides_in
from activities.notify import notification_statement
from activities.projection_rows import events_statement, projection_statements, upsert_dossier
from activities.snapshot import decides, snapshot_statement
from domain.calendar import local_date
from domain.dossier import DossierState, Outcome, Status
from store.db import transaction
from store.models import DossierCommit
from store.recordset import Write, table_of
from store.repositories import decisions, registers
from store.repositories.audit import audit_write
from workflows.activity_contracts import DeadlineRequest, DeadlineResult
from workflows.transition import (
    COMMIT_TRANSITION,
    TransitionInput,
    TransitionResult,
    effects_of,
    fingerprint,
    needs_number,
    new_events,
    recomputes_only,
    settle,
    times_for,
)

log = structlog.get_logger(__name__)
_RESULT = TypeAdapter(TransitionResult)
_STATE = TypeAdapter(DossierState)
_RECORD_COLUMNS = ("workflow_id", "version", "result", "fingerprint", "state")


async def _deadline(session: AsyncSession, request: DeadlineRequest) -> DeadlineResult:
    start = local_date(request.start)
    return compute(request, calendar_around(start, await overrides_in(session, start)))


# The dossiers whose nominees' initiatives back their title: a draft has not claimed them yet,
# a rejected, withdrawn or expired dossier has let them go (as a dropped nominee has).
_HOLDING = frozenset({Status.in_review, Status.returned, Status.decided})


def cited_initiatives(state: DossierState) -> set[int]:
    """The initiatives ``state`` holds: those its live nominees cite, while it is live."""
    if state.status not in _HOLDING:
        return set()
    return {i for n in state.nominees if n.outcome is not Outcome.dropped for i in n.initiative_ids}


async def _claim_initiatives(session: AsyncSession, state: DossierState) -> None:
    """The initiatives the nominees cite now back this title (one title per initiative). The
    API refused a citation held by another dossier before it started the workflow (and at
    submit and resubmit); one claimed by another dossier in between stays that dossier's (the
    claim is conditional, never overwritten) and this transition goes on, logged: refusing
    here would strand the workflow, and the next resubmission is refused by the API."""
    wanted = cited_initiatives(state)
    if not wanted:
        return
    year = state.year or state.history[0].at.year
    claimed = await registers.claim_initiatives(
        session=session, ids=wanted, award_code=state.award.code, year=year,
        dossier_id=state.dossier_id,
    )  # fmt: skip
    if missing := wanted - claimed:
        log.warning("initiatives.taken", dossier_id=state.dossier_id, ids=sorted(missing))


class _VersionTaken(Exception):
    """``dossier_commits`` already holds this (workflow id, version): roll back, read it."""


async def _already(
    session: AsyncSession, key: tuple[str, int], req: TransitionInput
) -> TransitionResult | None:
    """The result of this transition if committed before; the committed state if another
    transition holds this version (an orphan of a workflow task that died uncommitted), or if
    this one only recomputed the deadline: the calendar may have changed since (a calendar
    signal folded into this retried task), so the workflow adopts that state and recomputes
    on top, one version further."""
    found = (
        await session.execute(
            select(DossierCommit.result, DossierCommit.fingerprint, DossierCommit.state).where(
                DossierCommit.workflow_id == key[0], DossierCommit.version == key[1]
            )
        )
    ).first()
    if found is None:
        return None
    result, theirs, state = found
    if state is None or (theirs == fingerprint(req) and not recomputes_only(req)):
        return replace(_RESULT.validate_python(result), stored=True)
    return TransitionResult(committed=_STATE.validate_python(state))


async def _snapshot(session: AsyncSession, req: TransitionInput) -> Write | None:
    """When this transition decides the dossier: what its papers print about its orgs, as they
    are now (an issued paper must not change when an org is edited later). None otherwise."""
    if not decides(new_events(req.state, req.first_new_event)):
        return None
    return await snapshot_statement(session, req.state)


async def _writes(
    session: AsyncSession, req: TransitionInput, state: DossierState, snapshot: Write | None
) -> list[Write]:
    """Upsert the dossier row (version-guarded); the statements of everything else."""
    writes: list[Write | None] = []
    if await upsert_dossier(session, req.workflow_id, state):
        writes += [*projection_statements(state), snapshot]
        # the initiative register follows the state too: claimed at (re)submission, let go
        # of when the nominee citing it is dropped or replaced or the dossier ends unawarded
        submitted = ("submitted", "resubmitted")
        if any(e.action in submitted for e in new_events(state, req.first_new_event)):
            await _claim_initiatives(session, state)
        writes.append(registers.release_statement(state.dossier_id, cited_initiatives(state)))
    effects = effects_of(state, req.first_new_event, req.workflow_id)
    origin = req.origin
    writes += [
        events_statement(state, req.first_new_event, req.request_id),
        notification_statement(effects.notifications),
        None if effects.awards is None else award_statement(effects.awards),
        None
        if origin is None
        else audit_write(origin.actor, origin.action, state.dossier_id, origin.ip),
    ]
    return [w for w in writes if w is not None]


async def commit(session: AsyncSession, req: TransitionInput) -> TransitionResult:
    """Everything one transition writes, in ``session``'s transaction.

    Optimistic: the (workflow id, version) row is inserted last and the common case (a new
    transition) needs no read first. When the row exists (a retry of a committed transition,
    or an orphan's), :class:`_VersionTaken` rolls everything back (the decision counter
    included) and the caller reads that row in a new transaction."""
    key = (req.workflow_id, req.state.version + 1)
    result = await times_for(req, lambda request: _deadline(session, request))
    # read before the number: the decision counter stays locked from allocate() to COMMIT
    snapshot = await _snapshot(session, req)
    decision = req.state.decision
    if decision is not None and needs_number(req.state, req.first_new_event):
        result.decision_number = await decisions.allocate(
            session, decision.authority_org, decision.date.year
        )
    state = settle(req.state, result, req.at)
    writes = await _writes(session, req, state, snapshot)
    params = {
        "commit_workflow_id": key[0],
        "commit_version": key[1],
        "commit_result": _RESULT.dump_python(result, mode="json"),
        "commit_fingerprint": fingerprint(req),
        "commit_state": _STATE.dump_python(state, mode="json"),
    }
    for write in writes:
        params.update(write.params)
    recorded = await session.execute(_record(tuple(w.statement for w in writes)), params)
    if recorded.first() is None:
        raise _VersionTaken
    return result


@functools.lru_cache(maxsize=256)
def _record(writes: tuple[UpdateBase, ...]) -> UpdateBase:
    """The (workflow id, version) INSERT with ``writes`` as data-modifying CTEs: one round trip
    instead of one per table. Built once per shape (the writes are shared statements)."""
    table = table_of(DossierCommit)
    values = {c: bindparam(f"commit_{c}", type_=table.c[c].type) for c in _RECORD_COLUMNS}
    record = insert(table).values(values).on_conflict_do_nothing().returning(table.c.version)
    for index, write in enumerate(writes):
        record = record.add_cte(write.cte(f"write_{index}"))
    return record


async def commit_once(
    sessions: async_sessionmaker[AsyncSession], req: TransitionInput
) -> TransitionResult:
    """:func:`commit` in its own transaction; the stored result when the version is taken."""
    try:
        async with transaction(sessions) as session:
            return await commit(session, req)
    except _VersionTaken:
        pass
    key = (req.workflow_id, req.state.version + 1)
    async with transaction(sessions) as session:
        found = await _already(session, key, req)
    if found is None:  # cannot happen: the row is never deleted
        raise ApplicationError("dossier commit vanished", type="TransitionLost")
    return found


class TransitionActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @activity.defn(name=COMMIT_TRANSITION)
    async def commit_transition(self, req: TransitionInput) -> TransitionResult:
        try:
            result = await commit_once(self._sessions, req)
        except IntegrityError as exc:  # e.g. an unknown proposer org: retrying cannot help
            raise ApplicationError(
                f"transition refused: {exc.orig}", type="TransitionRefused", non_retryable=True
            ) from exc
        log.info(
            "dossier.committed",
            dossier_id=req.state.dossier_id,
            version=req.state.version + 1,
            request_id=req.request_id,
        )
        return result
