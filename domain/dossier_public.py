"""Drafts and public objections: the parts of the dossier's life before and beside review.

A draft (contract §13) belongs to its proposing unit only: it has nominees and papers but no
open stage, no deadline and no route anyone else sees; :func:`submit` sends it up the route
planned at that moment. An objection (contract §15) is received while the dossier is posted
publicly at a province or ministry; the chair of that org resolves it, and the stage cannot be
approved while one is unresolved (``domain.dossier`` asks :func:`require_no_open_objection`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.dossier_commands import Object, Resolve, Submit
from domain.dossier_model import (
    SYSTEM,
    DossierState,
    Nominee,
    Objection,
    ObjectionStatus,
    Phase,
    Status,
)
from domain.dossier_steps import (
    Result,
    arrive,
    check_nominees,
    conflict,
    forbidden,
    invalid,
    new_event,
    record,
)

PUBLIC = "public"  # the actor of events a citizen causes
OUTCOME_NAMES = {"dismissed": "không chấp nhận", "upheld": "chấp nhận"}


def draft_dossier(
    state: DossierState, nominees: tuple[Nominee, ...], actor: str, at: datetime
) -> Result:
    """Keep ``state`` (without stages) as a draft of its proposing unit."""
    check_nominees(state.award, nominees, "nominees")
    base = replace(state, nominees=nominees, status=Status.draft)
    drafted = new_event(base, at, actor, "drafted", "Lập hồ sơ nháp")
    return record(base, [drafted])


def submit(state: DossierState, cmd: Submit, at: datetime) -> Result:
    """The draft arrives at the first level of the route planned now."""
    if state.status is not Status.draft:
        raise conflict("Chỉ nộp được hồ sơ đang ở trạng thái nháp", "submit_not_draft")
    if cmd.actor_org != state.proposer_org:
        raise forbidden("Chỉ đơn vị đề nghị được nộp hồ sơ", "submit_proposer_only")
    nominees = state.nominees if cmd.nominees is None else cmd.nominees
    check_nominees(state.award, nominees, "nominees")
    if not cmd.route.stages:
        raise invalid("Tuyến trình không có cấp xét duyệt", "route", "empty_route")
    base = replace(
        state,
        route=cmd.route,
        nominees=nominees,
        status=Status.in_review,
        summary=state.summary if cmd.summary is None else cmd.summary,
        late=cmd.late,
        round_code=state.round_code if cmd.round_code is None else cmd.round_code,
    )
    comment = cmd.comment or "Nộp hồ sơ đề nghị khen thưởng"
    submitted = new_event(base, at, cmd.actor, "submitted", comment)
    stage, posting = arrive(base, 0, at)
    return record(base, [submitted], stages=(stage,), posted=posting)


def object_to(state: DossierState, cmd: Object, at: datetime) -> Result:
    stage = state.stage
    if (
        state.status is not Status.in_review
        or stage is None
        or stage.phase is not (Phase.public_posting)
    ):
        raise conflict("Hồ sơ không trong thời gian niêm yết công khai", "not_in_posting")
    if any(o.reference == cmd.reference for o in state.objections):
        raise conflict(
            f"Phản ánh {cmd.reference} đã được ghi nhận",
            "objection_recorded",
            reference=cmd.reference,
        )
    if cmd.nominee_id is not None and cmd.nominee_id not in {n.id for n in state.nominees}:
        raise invalid(
            f"Không có đối tượng {cmd.nominee_id} trong hồ sơ",
            "nominee_id",
            "no_nominee",
            nominee=cmd.nominee_id,
        )
    objection = Objection(
        cmd.reference,
        stage.org_code,
        at,
        cmd.content,
        cmd.contact,
        cmd.client_addr,
        cmd.nominee_id,
    )
    comment = f"Nhận phản ánh, kiến nghị {cmd.reference}"
    received = new_event(state, at, PUBLIC, "objection_received", comment)
    return record(state, [received], objections=(*state.objections, objection))


def resolve(state: DossierState, cmd: Resolve, at: datetime) -> Result:
    found = next((o for o in state.objections if o.reference == cmd.reference), None)
    if found is None:
        raise invalid(
            f"Không có phản ánh {cmd.reference} trong hồ sơ",
            "objection",
            "no_objection",
            reference=cmd.reference,
        )
    if cmd.actor_org != found.org_code:
        raise forbidden(
            "Chỉ chủ tịch cơ quan niêm yết được xử lý phản ánh", "resolve_posting_chair_only"
        )  # 403 before any state's 409 (contract §7)
    if state.final:
        raise conflict(
            f"Hồ sơ đã kết thúc ({state.status.value}), không thể xử lý phản ánh",
            "closed_no_resolve",
            status=state.status.value,
        )
    if found.status is not ObjectionStatus.open:
        raise conflict(
            f"Phản ánh {cmd.reference} đã được xử lý",
            "objection_resolved",
            reference=cmd.reference,
        )
    if cmd.outcome not in OUTCOME_NAMES:
        raise invalid("Kết quả xử lý phải là dismissed hoặc upheld", "outcome", "resolve_outcome")
    if not cmd.comment.strip():
        raise invalid("Xử lý phản ánh phải ghi rõ lý do", "comment", "resolve_reason")
    resolved = replace(
        found,
        status=ObjectionStatus(cmd.outcome),
        resolution=cmd.comment,
        resolved_by=cmd.actor,
        resolved_at=at,
    )
    objections = tuple(resolved if o is found else o for o in state.objections)
    comment = f"Phản ánh {cmd.reference}: {OUTCOME_NAMES[cmd.outcome]} — {cmd.comment}"
    event = new_event(state, at, cmd.actor, "objection_resolved", comment)
    return record(state, [event], objections=objections)


def require_no_open_objection(state: DossierState) -> None:
    """Approval waits until every objection received by the posting org is resolved."""
    pending = state.open_objections
    if pending:
        refs = ", ".join(o.reference for o in pending)
        raise conflict(
            f"Còn phản ánh, kiến nghị chưa được xử lý: {refs}",
            "open_objs",
            references=[o.reference for o in pending],
        )


__all__ = [
    "OUTCOME_NAMES",
    "PUBLIC",
    "SYSTEM",
    "draft_dossier",
    "object_to",
    "require_no_open_objection",
    "resolve",
    "submit",
]
