"""Pure helpers of the DossierWorkflow: which deadline to compute, whom to notify.

Kept out of the workflow class so they can be unit-tested and so the class stays small.
"""

from __future__ import annotations

from datetime import datetime

from domain.dossier import DossierState, Event, Phase
from domain.levels import Level
from domain.policy import DeadlinePolicy
from domain.span import Span
from workflows.activity_contracts import (
    AwardLine,
    DeadlineRequest,
    NotifyInput,
    Recipient,
    RecordAwardsInput,
)


def deadline_request(state: DossierState, policy: DeadlinePolicy) -> DeadlineRequest | None:
    """The deadline of the open phase, counted from the phase start (None: nothing open)."""
    stage = state.stage
    if stage is None or state.final:
        return None
    if stage.phase is Phase.public_posting:
        return DeadlineRequest(stage.started_at, [policy.public_posting], None)
    if stage.phase is Phase.resubmission:
        span = policy.resubmit
    else:
        span = policy.review_span(Level(stage.level), state.award.code, simplified=state.simplified)
    spans = [span]
    if stage.extension_days:
        spans.append(Span(working_days=stage.extension_days))
    return DeadlineRequest(stage.started_at, spans, policy.reminder_before)


def escalation_request(policy: DeadlinePolicy, now: datetime) -> DeadlineRequest:
    """When the escalation after the one happening ``now`` is due."""
    return DeadlineRequest(now, [policy.escalate_every], None)


def _next_org(state: DossierState) -> str | None:
    stage = state.stage
    if stage is None or stage.index < 0 or stage.index + 1 >= len(state.route.stages):
        return None
    return state.route.stages[stage.index + 1].org_code


def _recipients(state: DossierState, event: Event) -> tuple[str, list[Recipient]] | None:
    stage = state.stage
    proposer = Recipient(state.proposer_org, "officer")
    here = [Recipient(stage.org_code)] if stage is not None else []
    action = event.action
    if action in ("submitted", "approved", "resubmitted"):
        return "arrived", here
    if action == "posting_ended":
        return "posting_ended", here
    if action == "reminded":
        in_resubmission = stage is not None and stage.phase is Phase.resubmission
        return "reminder", [proposer] if in_resubmission else here
    if action == "escalated":  # the stage's chair and the chair of the next org up
        up = _next_org(state)
        if up is not None:
            return "escalated", [*here, Recipient(up)]
        above = [Recipient(stage.org_code, parent=True)] if stage is not None else []
        return "escalated", here + above
    if action == "extended":
        # the stage's org, and the proposing unit's officers (their dossier's new deadline)
        return "extended", [*here, proposer]
    if action == "objection_received":
        return "objection", [Recipient(stage.org_code, "chair")] if stage is not None else []
    if action in ("returned", "rejected", "decided", "expired"):
        return action, [proposer]
    if action == "withdrawn" and event.org_code and event.org_code != state.proposer_org:
        return "withdrawn", [Recipient(event.org_code)]
    return None


def notification(state: DossierState, event: Event, workflow_id: str) -> NotifyInput | None:
    """The notification ``event`` triggers, given the state right after it (None: none)."""
    found = _recipients(state, event)
    if found is None or not found[1]:
        return None
    kind, recipients = found
    stage = state.stage
    return NotifyInput(
        event_key=f"{workflow_id}:{event.seq}:{kind}",
        dossier_id=state.dossier_id,
        kind=kind,
        recipients=recipients,
        award_name=state.award.name_vi,
        level=stage.level.value if stage else event.level,
        org_code=stage.org_code if stage else event.org_code,
        due_at=stage.due_at if stage else None,
        comment=event.comment,
        escalation_level=stage.escalation_level if stage else 0,
    )


def award_records(state: DossierState) -> RecordAwardsInput | None:
    """The award registry rows of a decided dossier."""
    decision = state.decision
    if decision is None:
        return None
    amounts = {line.nominee_id: line.amount_vnd for line in decision.bonus}
    lines = [
        AwardLine(n.id, n.name, n.kind.value, amounts[n.id])
        for n in state.nominees
        if n.id in amounts
    ]
    return RecordAwardsInput(
        dossier_id=state.dossier_id,
        award_code=state.award.code,
        org_code=state.proposer_org,
        decision_number=decision.number,
        decision_date=decision.date,
        authority_org=decision.authority_org,
        achievement_year=state.year,
        lines=lines,
    )
