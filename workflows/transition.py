"""One dossier transition = one PostgreSQL transaction (engine v2).

The workflow applies a command to its state, then hands the new state to ``commit_transition``
(an activity, local first). That activity, in one transaction, computes the working-day times
the state still lacks (the deadline and reminder of a phase just opened, the next escalation),
writes the projection, the audit events, the outbox rows and the award-registry rows, and records
its own result under (workflow id, version). The workflow then :func:`settle`\\s the same result
into its state, so the workflow state and the committed row are equal, version included.

Everything here is pure so that the workflow (deterministically) and the activity (before it
writes) compute exactly the same settled state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

from domain.dossier import DossierState, Event, Phase
from domain.policy import DeadlinePolicy
from workflows.activity_contracts import (
    DeadlineRequest,
    DeadlineResult,
    NotifyInput,
    RecordAwardsInput,
)
from workflows.contracts import Origin
from workflows.effects import award_records, deadline_request, escalation_request, notification

COMMIT_TRANSITION = "commit_transition"


@dataclass
class TransitionInput:
    """The state right after a command; events with ``seq >= first_new_event`` are new."""

    workflow_id: str
    state: DossierState
    first_new_event: int
    at: datetime
    policy: DeadlinePolicy
    recalc: bool = False  # the calendar or an extension changed the open deadline
    request_id: str | None = None  # the update (request) that caused it, for idempotent retries
    origin: Origin | None = None  # the request's audit-log entry, committed with the transition


@dataclass
class TransitionResult:
    due_at: datetime | None = None
    reminder_at: datetime | None = None
    next_escalation_at: datetime | None = None
    decision_number: str | None = None  # from the issuing body's yearly sequence
    # Set instead of the rest when PostgreSQL already holds another transition at this version:
    # a workflow task that committed it died before Temporal recorded it, and its retry took
    # another path (an update and a timer in a different order). The workflow adopts the
    # committed state and re-applies its own command on top (see DossierWorkflowV2._commit).
    committed: DossierState | None = None
    # The result PostgreSQL stored for this transition before (a retried workflow task): its
    # deadline followed the calendar as it was then, so a recalculation asked now runs again.
    stored: bool = False


@dataclass
class TimeRequests:
    phase: DeadlineRequest | None = None
    escalation: DeadlineRequest | None = None


def fingerprint(req: TransitionInput) -> str:
    """What identifies a transition across retries of its workflow task: the update that
    caused it (same update id, same command), else the kinds of events it adds (a timer)."""
    if req.request_id:
        return f"request:{req.request_id}"
    actions = ",".join(e.action for e in new_events(req.state, req.first_new_event))
    return f"events:{actions}:{int(req.recalc)}"


def recomputes_only(req: TransitionInput) -> bool:
    """A recalculation alone (the calendar changed): no request, no new event. Its deadline
    followed the calendar as it was when committed, and a later calendar signal can fold into
    the same version on a retried workflow task, so a retry is never answered with it."""
    return req.recalc and not req.request_id and not new_events(req.state, req.first_new_event)


def time_requests(
    state: DossierState, policy: DeadlinePolicy, recalc: bool, at: datetime
) -> TimeRequests:
    """Which times the state still lacks (or must recompute)."""
    stage = state.stage
    if stage is None or state.final:
        return TimeRequests()
    phase = None
    if stage.due_at is None or recalc:
        phase = deadline_request(state, policy)
    escalation = None
    if (
        stage.overdue
        and stage.next_escalation_at is None
        and stage.phase is not Phase.public_posting
    ):
        escalation = escalation_request(policy, at)
    return TimeRequests(phase, escalation)


def settle(state: DossierState, result: TransitionResult, at: datetime) -> DossierState:
    """``state`` with the computed times, one version further (every commit bumps it once)."""
    stage = state.stage
    if stage is not None and not state.final:
        if result.due_at is not None:
            overdue = stage.overdue and result.due_at <= at
            stage = replace(
                stage,
                due_at=result.due_at,
                reminder_at=result.reminder_at,
                reminded=stage.reminded
                and (result.reminder_at is None or result.reminder_at <= at),
                overdue=overdue,
                next_escalation_at=stage.next_escalation_at if overdue else None,
            )
        if result.next_escalation_at is not None and stage.overdue:
            stage = replace(stage, next_escalation_at=result.next_escalation_at)
        state = replace(state, stages=(*state.stages[:-1], stage))
    if result.decision_number is not None and state.decision is not None:
        state = _numbered(state, state.decision.number, result.decision_number)
    if result.due_at is not None:
        state = _extension_dated(state, result.due_at)
    return replace(state, version=state.version + 1)


def _extension_dated(state: DossierState, due_at: datetime) -> DossierState:
    """An attributed extension (``working_days`` set) records the deadline it led to."""
    if not any(e.working_days is not None and e.due_at is None for e in state.history):
        return state
    history = tuple(
        replace(e, due_at=due_at) if e.working_days is not None and e.due_at is None else e
        for e in state.history
    )
    return replace(state, history=history)


def _numbered(state: DossierState, provisional: str, number: str) -> DossierState:
    """The decision (and the event that records it) with its sequence number."""
    assert state.decision is not None
    decision = replace(state.decision, number=number, provisional_number=False)
    history = tuple(
        replace(e, comment=e.comment.replace(provisional, number))
        if e.action == "decided" and provisional in e.comment
        else e
        for e in state.history
    )
    return replace(state, decision=decision, history=history)


def needs_number(state: DossierState, first_new_event: int) -> bool:
    """A decision taken in this transition still waits for its sequence number."""
    decided = any(e.action == "decided" for e in new_events(state, first_new_event))
    return decided and state.decision is not None and state.decision.provisional_number


def new_events(state: DossierState, first_new_event: int) -> list[Event]:
    return [event for event in state.history if event.seq >= first_new_event]


@dataclass
class Effects:
    """What a settled transition writes beside the projection."""

    notifications: list[NotifyInput]
    awards: RecordAwardsInput | None


def effects_of(state: DossierState, first_new_event: int, workflow_id: str) -> Effects:
    notifications: list[NotifyInput] = []
    awards = None
    for event in new_events(state, first_new_event):
        message = notification(state, event, workflow_id)
        if message is not None:
            notifications.append(message)
        if event.action == "decided":
            awards = award_records(state)
    return Effects(notifications, awards)


async def times_for(
    req: TransitionInput, deadline: Callable[[DeadlineRequest], Awaitable[DeadlineResult]]
) -> TransitionResult:
    """The times ``req.state`` lacks, each computed by ``deadline`` (the working-day calendar)."""
    wanted = time_requests(req.state, req.policy, req.recalc, req.at)
    result = TransitionResult()
    if wanted.phase is not None:
        phase = await deadline(wanted.phase)
        result.due_at, result.reminder_at = phase.due_at, phase.reminder_at
    if wanted.escalation is not None:
        result.next_escalation_at = (await deadline(wanted.escalation)).due_at
    return result
