"""The dossier state machine: ``apply(state, command, at) -> (state, events)``.

Pure: no clock, no I/O. Deadlines are computed outside (calendar overrides live in the database)
and come back in through :class:`SetDeadline`; the workflow asks :func:`next_timer` what to wait
for. A command not allowed now raises :class:`DossierError`; calling :func:`apply` and dropping
the result is therefore also the validation (update validators do exactly that).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime

from domain.ballot import Vote
from domain.bonus import BonusError, compute_bonus
from domain.calendar import local_date
from domain.council import check_vote, rule_in_force
from domain.dossier_model import (
    FINAL,
    SYSTEM,
    BonusLine,
    Command,
    Decide,
    Decision,
    DossierError,
    DossierState,
    ErrorKind,
    Event,
    Extend,
    Nominee,
    Object,
    Objection,
    ObjectionStatus,
    Outcome,
    Phase,
    Resolve,
    Resubmit,
    SetDeadline,
    Stage,
    Status,
    Submit,
    TimerFired,
    Withdraw,
)
from domain.dossier_public import (
    draft_dossier,
    object_to,
    require_no_open_objection,
    resolve,
    submit,
)
from domain.dossier_steps import (
    Result,
    arrive,
    check_nominees,
    close_stage,
    conflict,
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


def decision_number(dossier_id: str, org_code: str, on: date) -> str:
    """A deterministic decision number ``"<n>/QĐ-<org>"`` for a decision without one."""
    digest = hashlib.sha256(f"{dossier_id}:{on.isoformat()}".encode()).hexdigest()
    return f"{int(digest[:8], 16) % 9000 + 1000}/QĐ-{org_code}"


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


def _stage_for(state: DossierState, actor_org: str) -> Stage:
    stage = state.stage
    if state.status is not Status.in_review or stage is None:
        raise conflict(
            f"Hồ sơ đang ở trạng thái {state.status.value}, không thể xét duyệt",
            "status_no_review",
            status=state.status.value,
        )
    if actor_org != stage.org_code:
        raise forbidden(f"Hồ sơ đang chờ {stage.org_code} xét duyệt", "not_your_turn")
    return stage


def _selected(state: DossierState, ids: tuple[str, ...] | None) -> tuple[Nominee, ...]:
    pending = tuple(n for n in state.nominees if n.outcome is Outcome.pending)
    if ids is None:
        return pending
    known = {n.id for n in pending}
    unknown = [i for i in ids if i not in known]
    if not ids:
        raise invalid("Danh sách đối tượng không hợp lệ: ", "nominee_ids", "no_nominee_chosen")
    if unknown:
        raise invalid(
            f"Danh sách đối tượng không hợp lệ: {', '.join(unknown)}",
            "nominee_ids",
            "unknown_nominees",
            nominees=list(unknown),
        )
    return tuple(n for n in pending if n.id in set(ids))


def _approve(state: DossierState, stage: Stage, cmd: Decide, at: datetime) -> Result:
    if stage.phase is Phase.public_posting:
        raise conflict(
            "Hồ sơ đang trong thời gian niêm yết công khai, chưa thể xét duyệt", "in_posting"
        )
    require_no_open_objection(state)
    chosen = {n.id for n in _selected(state, cmd.nominee_ids)}
    vote = check_vote(state, stage, cmd.vote)
    nominees = tuple(
        n
        if n.outcome is not Outcome.pending or n.id in chosen
        else replace(n, outcome=Outcome.dropped)
        for n in state.nominees
    )
    stages = close_stage(state, at, "approved")
    following = stage.index + 1
    if following < len(state.route.stages):
        event = new_event(state, at, cmd.actor, "approved", cmd.comment, vote)
        moved = replace(state, stages=stages, nominees=nominees)
        new_stage, posting = arrive(moved, following, at)
        return record(moved, [event], stages=(*stages, new_stage), posted=state.posted or posting)
    return _decide(replace(state, nominees=nominees), stages, cmd, at, vote)


def _decide(
    state: DossierState,
    stages: tuple[Stage, ...],
    cmd: Decide,
    at: datetime,
    vote: Vote | None = None,
) -> Result:
    on = cmd.decision_date or local_date(at)
    award = rule_in_force(state)
    authority = state.route.deciding_stage.org_code
    number = cmd.decision_number or decision_number(state.dossier_id, authority, on)
    nominees: list[Nominee] = []
    lines: list[BonusLine] = []
    for nominee in state.nominees:
        if nominee.outcome is not Outcome.pending:
            nominees.append(nominee)
            continue
        try:
            amount = compute_bonus(award, nominee.kind, on).amount_vnd
        except BonusError as exc:
            raise invalid(str(exc), "decision_date", exc.code, **exc.values) from None
        nominees.append(replace(nominee, outcome=Outcome.approved, bonus_vnd=amount))
        lines.append(BonusLine(nominee.id, amount))
    expired = tuple(basis.cite() for basis in state.award.expired_on(on))
    decision = Decision(
        number, on, authority, tuple(lines), expired, provisional_number=not cmd.decision_number
    )
    comment = cmd.comment or f"Quyết định số {number}"
    event = new_event(state, at, cmd.actor, "decided", comment, vote)
    return record(
        state,
        [event],
        status=Status.decided,
        stages=stages,
        nominees=tuple(nominees),
        decision=decision,
    )


def _drop_pending(nominees: tuple[Nominee, ...]) -> tuple[Nominee, ...]:
    return tuple(
        replace(n, outcome=Outcome.dropped) if n.outcome is Outcome.pending else n for n in nominees
    )


def _decide_cmd(state: DossierState, cmd: Decide, at: datetime) -> Result:
    stage = _stage_for(state, cmd.actor_org)
    if cmd.action == "approve":
        return _approve(state, stage, cmd, at)
    if cmd.action not in ("return", "reject"):
        raise invalid(
            f"Hành động không hợp lệ: {cmd.action}", "action", "invalid_action", action=cmd.action
        )
    if not cmd.comment.strip():
        raise invalid("Trả lại hoặc từ chối hồ sơ phải ghi rõ lý do", "comment", "reason_needed")
    action = "returned" if cmd.action == "return" else "rejected"
    event = new_event(state, at, cmd.actor, action, cmd.comment)
    stages = close_stage(state, at, action)
    if cmd.action == "reject":
        nominees = _drop_pending(state.nominees)
        return record(state, [event], status=Status.rejected, stages=stages, nominees=nominees)
    back = Stage(
        len(stages) + 1,
        -1,
        state.route.levels[0],
        state.proposer_org,
        Phase.resubmission,
        at,
        at,
    )
    return record(
        state,
        [event],
        status=Status.returned,
        round=state.round + 1,
        stages=(*stages, back),
        returned_from=stage.index,
    )


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
        nominees=_drop_pending(state.nominees),
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


def _extend(state: DossierState, cmd: Extend, at: datetime) -> Result:
    stage = state.stage
    if state.final or stage is None or stage.phase is Phase.public_posting:
        raise conflict("Không có thời hạn xử lý nào đang chạy để gia hạn", "no_deadline")
    if cmd.actor_org not in extension_orgs(state):
        raise forbidden(
            "Chỉ lãnh đạo cấp đang xử lý hoặc cấp trên được gia hạn", "extend_chair_only"
        )
    if cmd.working_days < 1 or cmd.working_days > 60:
        raise invalid("Số ngày làm việc gia hạn phải từ 1 đến 60", "working_days", "extend_days")
    if not cmd.comment.strip():
        raise invalid("Gia hạn phải ghi rõ lý do", "comment", "extend_reason")
    event = new_event(state, at, cmd.actor, "extended", cmd.comment)
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
            nominees=_drop_pending(state.nominees),
        )
    raise conflict(f"Mốc thời gian không hợp lệ: {cmd.kind}", "bad_timer", timer=cmd.kind)


def apply(state: DossierState, command: Command, at: datetime) -> Result:
    """Apply ``command`` at ``at``; raises :class:`DossierError` when it is not allowed now."""
    if isinstance(command, Decide):
        return _decide_cmd(state, command, at)
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
