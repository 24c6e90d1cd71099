"""The dossier state machine: ``apply(state, command, at) -> (state, events)``.

Pure: no clock, no I/O. Deadlines are computed outside (calendar overrides live in the database)
and come back in through :class:`SetDeadline`; the workflow asks :func:`next_timer` what to wait
for. A command not allowed now raises :class:`DossierError`; calling :func:`apply` and dropping
the result is therefore also the validation (update validators do exactly that).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.council import rule_in_force
from domain.dossier_commands import (
    Command,
    Decide,
    Extend,
    Object,
    Resolve,
    Resubmit,
    SetDeadline,
    Submit,
    TimerFired,
    Withdraw,
)
from domain.dossier_decide import decide, decision_number
from domain.dossier_model import (
    FINAL,
    SYSTEM,
    BonusLine,
    Decision,
    DossierError,
    DossierState,
    ErrorKind,
    Event,
    Nominee,
    Objection,
    ObjectionStatus,
    Outcome,
    Phase,
    Stage,
    Status,
)
from domain.dossier_public import (
    draft_dossier,
    object_to,
    resolve,
    submit,
)
from domain.dossier_steps import (
    Result,
    arrive,
    check_nominees,
    close_stage,
    conflict,
    drop_pending,
    forbidden,
    invalid,
    new_event,
    record,
)
from domain.routes import Route

__all__ = [
    "FINAL",
    "SYSTEM",
    "BonusLine",
    "Command",
    "Decide",
    "Decision",
    "DossierError",
    "DossierState",
    "ErrorKind",
    "Event",
    "Extend",
    "Nominee",
    "Object",
    "Objection",
    "ObjectionStatus",
    "Outcome",
    "Phase",
    "Resolve",
    "Resubmit",
    "SetDeadline",
    "Stage",
    "Status",
    "Submit",
    "TimerFired",
    "Withdraw",
    "apply",
    "decision_number",
    "draft_dossier",
    "next_timer",
    "open_dossier",
    "rule_in_force",
]


def open_dossier(
    state: DossierState, nominees: tuple[Nominee, ...], actor: str, at: datetime
) -> Result:
    """Submit: the dossier (``state`` without stages) arrives at the first level above the unit."""
    check_nominees(state.award, nominees, "nominees")
    if not state.route.stages:
        raise invalid("Tuyến trình không có cấp xét duyệt", "route", "empty_route")
    base = replace(state, nominees=nominees, status=Status.in_review)
    submitted = new_event(base, at, actor, "submitted", "Nộp hồ sơ đề nghị khen thưởng")
    stage, posting = arrive(base, 0, at)
    return record(base, [submitted], stages=(stage,), posted=posting)


def _resubmit(state: DossierState, cmd: Resubmit, at: datetime) -> Result:
    if state.status is not Status.returned or state.returned_from is None:
        raise conflict("Chỉ nộp lại được hồ sơ đang bị trả lại", "resubmit_not_returned")
    if cmd.actor_org != state.proposer_org:
        raise forbidden("Chỉ đơn vị đề nghị được nộp lại hồ sơ", "resubmit_proposer_only")
    nominees = state.nominees
    if cmd.nominees is not None:
        check_nominees(state.award, cmd.nominees, "nominees")
        nominees = cmd.nominees
    event = new_event(state, at, cmd.actor, "resubmitted", cmd.comment)
    stages = close_stage(state, at, "resubmitted")
    moved = replace(
        state,
        stages=stages,
        nominees=nominees,
        summary=state.summary if cmd.summary is None else cmd.summary,
    )
    stage, posting = arrive(moved, state.returned_from, at)
    return record(
        moved,
        [event],
        status=Status.in_review,
        stages=(*stages, stage),
        posted=state.posted or posting,
        returned_from=None,
    )


def _withdraw(state: DossierState, cmd: Withdraw, at: datetime) -> Result:
    if state.final:
        raise conflict(
            f"Hồ sơ đã kết thúc ({state.status.value}), không thể rút",
            "closed_no_withdraw",
            status=state.status.value,
        )
    if cmd.actor_org != state.proposer_org:
        raise forbidden("Chỉ đơn vị đề nghị được rút hồ sơ", "withdraw_proposer_only")
    event = new_event(state, at, cmd.actor, "withdrawn", cmd.comment)
    return record(
        state,
        [event],
        status=Status.withdrawn,
        stages=close_stage(state, at, "withdrawn"),
        nominees=drop_pending(state.nominees),
    )


def extension_orgs(state: DossierState) -> set[str]:
    """Orgs whose chair may extend the open deadline: the acting org and the one above it."""
    stage = state.stage
    if stage is None:
        return set()
    if stage.phase is Phase.resubmission and state.returned_from is not None:
        return {state.route.stages[state.returned_from].org_code}
    orgs = {stage.org_code}
    if stage.index + 1 < len(state.route.stages):
        orgs.add(state.route.stages[stage.index + 1].org_code)
    return orgs


def _level_of(state: DossierState, org_code: str) -> str | None:
    """The level at which ``org_code`` stands on the dossier's route (None: not on it)."""
    return next((s.level.value for s in state.route.stages if s.org_code == org_code), None)


def _extend(state: DossierState, cmd: Extend, at: datetime) -> Result:
    stage = state.stage
    if state.final or stage is None:
        raise conflict("Không có thời hạn xử lý nào đang chạy để gia hạn", "no_deadline")
    if cmd.actor_org not in extension_orgs(state):  # 403 before the posting's 409
        if stage.phase is Phase.resubmission:  # the supplement's deadline is the returner's
            raise forbidden(
                "Hồ sơ đang chờ bổ sung: chỉ lãnh đạo cấp đã trả lại hồ sơ được gia hạn",
                "extend_returner_only",
            )
        raise forbidden(
            "Chỉ lãnh đạo cấp đang xử lý hoặc cấp trên được gia hạn", "extend_chair_only"
        )
    if stage.phase is Phase.public_posting:
        raise conflict("Không có thời hạn xử lý nào đang chạy để gia hạn", "no_deadline")
    if cmd.working_days < 1 or cmd.working_days > 60:
        raise invalid("Số ngày làm việc gia hạn phải từ 1 đến 60", "working_days", "extend_days")
    if not cmd.comment.strip():
        raise invalid("Gia hạn phải ghi rõ lý do", "comment", "extend_reason")
    event = new_event(state, at, cmd.actor, "extended", cmd.comment)
    if cmd.attributed:
        event = replace(
            event,
            level=_level_of(state, cmd.actor_org) or event.level,
            org_code=cmd.actor_org,
            working_days=cmd.working_days,
        )
    extended = replace(stage, extension_days=stage.extension_days + cmd.working_days)
    return record(state, [event], stages=(*state.stages[:-1], extended))


def _set_deadline(state: DossierState, cmd: SetDeadline, at: datetime) -> Result:
    stage = state.stage
    if stage is None:
        raise conflict("Không có giai đoạn đang mở", "no_open_stage")
    overdue = stage.overdue and cmd.due_at <= at
    updated = replace(
        stage,
        due_at=cmd.due_at,
        reminder_at=cmd.reminder_at,
        reminded=stage.reminded and (cmd.reminder_at is None or cmd.reminder_at <= at),
        overdue=overdue,
        next_escalation_at=stage.next_escalation_at if overdue else None,
    )
    return record(state, [], stages=(*state.stages[:-1], updated))


def _timer(state: DossierState, cmd: TimerFired, at: datetime) -> Result:
    stage = state.stage
    if stage is None or state.final:
        raise conflict("Hồ sơ không còn giai đoạn đang mở", "no_open_stage")
    if cmd.kind == "posting_end":
        event = new_event(state, at, SYSTEM, "posting_ended", "Kết thúc niêm yết công khai")
        review = replace(stage, phase=Phase.review, started_at=at, due_at=None, reminder_at=None)
        return record(state, [event], stages=(*state.stages[:-1], review))
    if cmd.kind == "remind":
        event = new_event(state, at, SYSTEM, "reminded", "Sắp đến hạn xử lý hồ sơ")
        return record(state, [event], stages=(*state.stages[:-1], replace(stage, reminded=True)))
    if cmd.kind == "escalate":
        n = stage.escalation_level + 1
        event = new_event(
            state, at, SYSTEM, "escalated", f"Quá hạn xử lý: báo cáo cấp trên lần {n}"
        )
        late = replace(
            stage, overdue=True, escalation_level=n, next_escalation_at=cmd.next_escalation_at
        )
        return record(state, [event], stages=(*state.stages[:-1], late))
    if cmd.kind == "expire" and state.status is Status.returned:
        event = new_event(state, at, SYSTEM, "expired", "Quá hạn nộp lại hồ sơ")
        return record(
            state,
            [event],
            status=Status.expired,
            stages=close_stage(state, at, "expired"),
            nominees=drop_pending(state.nominees),
        )
    raise conflict(f"Mốc thời gian không hợp lệ: {cmd.kind}", "bad_timer", timer=cmd.kind)


def apply(state: DossierState, command: Command, at: datetime) -> Result:
    """Apply ``command`` at ``at``; raises :class:`DossierError` when it is not allowed now."""
    if isinstance(command, Decide):
        return decide(state, command, at)
    if isinstance(command, Resubmit):
        return _resubmit(state, command, at)
    if isinstance(command, Withdraw):
        return _withdraw(state, command, at)
    if isinstance(command, Extend):
        return _extend(state, command, at)
    if isinstance(command, SetDeadline):
        return _set_deadline(state, command, at)
    if isinstance(command, Submit):
        return submit(state, command, at)
    if isinstance(command, Object):
        return object_to(state, command, at)
    if isinstance(command, Resolve):
        return resolve(state, command, at)
    return _timer(state, command, at)


def next_timer(state: DossierState) -> tuple[str, datetime] | None:
    """What the workflow waits for next: (kind, when), or None (nothing timed is pending)."""
    stage = state.stage
    if state.final or stage is None or stage.due_at is None:
        return None
    if stage.phase is Phase.public_posting:
        return "posting_end", stage.due_at
    remind = stage.reminder_at
    if not (stage.reminded or stage.overdue) and remind is not None and remind < stage.due_at:
        return "remind", remind
    if stage.phase is Phase.resubmission:
        return "expire", stage.due_at
    if stage.overdue:
        return ("escalate", stage.next_escalation_at) if stage.next_escalation_at else None
    return "escalate", stage.due_at


def route_orgs(route: Route) -> list[str]:
    """Org codes of every stage, in order (for the projection's route filter)."""
    return [stage.org_code for stage in route.stages]
