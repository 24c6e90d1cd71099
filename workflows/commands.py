"""Workflow input and update payloads → domain state and commands, and domain refusals →
update failures (v1 and v2)."""

from __future__ import annotations

from temporalio.exceptions import ApplicationError

from domain.ballot import BallotError, Vote
from domain.dossier import (
    Decide,
    DossierError,
    DossierState,
    Extend,
    Nominee,
    Object,
    Resolve,
    Resubmit,
    Submit,
    Withdraw,
    draft_dossier,
    open_dossier,
)
from workflows.contracts import (
    REJECT_INVALID,
    DecideRequest,
    DossierInput,
    ExtendRequest,
    NomineeInput,
    ObjectionRequest,
    ResolutionRequest,
    ResubmitRequest,
    SubmitRequest,
    WithdrawRequest,
)


def nominees_of(items: list[NomineeInput]) -> tuple[Nominee, ...]:
    return tuple(
        Nominee(
            n.id,
            n.kind,
            n.name,
            n.title,
            n.gender,
            n.is_direct_worker,
            n.ethnic_minority,
            birth_date=n.birth_date,
            identity_number=n.identity_number,
            initiative_ids=tuple(n.initiative_ids),
            eligibility=n.eligibility,
        )
        for n in items
    )


def refusal(exc: DossierError | BallotError) -> ApplicationError:
    """The update failure of a domain refusal: its sentence as the message, and in the details
    the field at fault plus the reason ``code`` and ``values`` the API words for the reader."""
    if isinstance(exc, BallotError):
        field: str | None = f"vote.{exc.field}"
        message, kind, code = str(exc), REJECT_INVALID, exc.key or None
    else:
        field, message, kind, code = exc.field, exc.message, exc.kind.value, exc.code
    details = {"field": field, "code": code, "values": exc.values}
    return ApplicationError(message, details, type=kind)


def decide_command(req: DecideRequest) -> Decide:
    vote = None
    if req.vote is not None:
        vote = Vote(req.vote.members_total, req.vote.present, req.vote.in_favor)
    return Decide(
        req.actor,
        req.actor_org,
        req.action,
        req.comment,
        None if req.nominee_ids is None else tuple(req.nominee_ids),
        vote,
        req.decision_number,
        req.decision_date,
    )


def resubmit_command(req: ResubmitRequest) -> Resubmit:
    nominees = None if req.nominees is None else nominees_of(req.nominees)
    return Resubmit(req.actor, req.actor_org, req.comment, req.summary, nominees)


def submit_command(req: SubmitRequest) -> Submit:
    nominees = None if req.nominees is None else nominees_of(req.nominees)
    return Submit(
        req.actor,
        req.actor_org,
        req.route,
        req.comment,
        req.summary,
        nominees,
        req.late,
        req.round_code,
    )


def object_command(req: ObjectionRequest) -> Object:
    return Object(req.reference, req.content, req.contact, req.client_addr, req.nominee_id)


def resolve_command(req: ResolutionRequest) -> Resolve:
    return Resolve(req.actor, req.actor_org, req.reference, req.outcome, req.comment)


def withdraw_command(req: WithdrawRequest) -> Withdraw:
    return Withdraw(req.actor, req.actor_org, req.comment)


def extend_command(req: ExtendRequest, *, attributed: bool = False) -> Extend:
    return Extend(req.actor, req.actor_org, req.working_days, req.comment, attributed)


def opening_state(data: DossierInput) -> DossierState:
    """The state a v2 dossier starts in: submitted (or a draft), before its first commit."""
    state = DossierState(
        dossier_id=data.dossier_id,
        award=data.award,
        proposer_org=data.proposer_org,
        route=data.route,
        summary=data.summary,
        submitted_by=data.submitted_by,
        ballot_thresholds=dict(data.ballot_thresholds),
        year=data.year,
        round_code=data.round_code,
        late=data.late,
        award_type=data.award_type,
        simplified=data.simplified,
    )
    start = draft_dossier if data.draft else open_dossier
    opened, _ = start(state, nominees_of(data.nominees), data.submitted_by, data.submitted_at)
    return opened
