"""Decisions of the review chain: a stage's chair approves (forwarding the dossier, or, at the
deciding authority, deciding it with a numbered decision and its bonuses), returns it for
supplement or rejects it. Pure, like :mod:`domain.dossier`, whose ``apply`` dispatches here."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime

from domain.ballot import Vote
from domain.bonus import BonusError, compute_bonus
from domain.calendar import local_date
from domain.council import check_vote, rule_in_force
from domain.dossier_commands import Decide
from domain.dossier_model import (
    BonusLine,
    Decision,
    DossierState,
    Nominee,
    Outcome,
    Phase,
    Stage,
    Status,
)
from domain.dossier_public import require_no_open_objection
from domain.dossier_steps import (
    Result,
    arrive,
    close_stage,
    conflict,
    drop_pending,
    forbidden,
    invalid,
    new_event,
    record,
)


def decision_number(dossier_id: str, org_code: str, on: date) -> str:
    """A deterministic decision number ``"<n>/QĐ-<org>"`` for a decision without one."""
    digest = hashlib.sha256(f"{dossier_id}:{on.isoformat()}".encode()).hexdigest()
    return f"{int(digest[:8], 16) % 9000 + 1000}/QĐ-{org_code}"


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
    dropped = tuple(
        n.id for n in state.nominees if n.outcome is Outcome.pending and n.id not in chosen
    )
    stages = close_stage(state, at, "approved")
    following = stage.index + 1
    if following < len(state.route.stages):
        event = new_event(state, at, cmd.actor, "approved", cmd.comment, vote)
        event = replace(event, dropped=dropped)
        moved = replace(state, stages=stages, nominees=nominees)
        new_stage, posting = arrive(moved, following, at)
        return record(moved, [event], stages=(*stages, new_stage), posted=state.posted or posting)
    return _decide(replace(state, nominees=nominees), stages, cmd, at, vote, dropped)


def _decide(
    state: DossierState,
    stages: tuple[Stage, ...],
    cmd: Decide,
    at: datetime,
    vote: Vote | None = None,
    dropped: tuple[str, ...] | None = None,
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
    event = replace(new_event(state, at, cmd.actor, "decided", comment, vote), dropped=dropped)
    return record(
        state,
        [event],
        status=Status.decided,
        stages=stages,
        nominees=tuple(nominees),
        decision=decision,
    )


def decide(state: DossierState, cmd: Decide, at: datetime) -> Result:
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
        nominees = drop_pending(state.nominees)
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
