"""Building blocks of the dossier state machine, shared by ``domain.dossier`` (the review chain)
and ``domain.dossier_public`` (drafts and public objections)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.ballot import Vote
from domain.catalog import AwardRule
from domain.dossier_model import (
    POSTING_LEVELS,
    DossierError,
    DossierState,
    ErrorKind,
    Event,
    Nominee,
    Outcome,
    Phase,
    Stage,
)
from domain.refusal import Value

Result = tuple[DossierState, tuple[Event, ...]]


def forbidden(message: str, code: str, **values: Value) -> DossierError:
    return DossierError(ErrorKind.forbidden, message, code=code, values=values)


def conflict(message: str, code: str, **values: Value) -> DossierError:
    return DossierError(ErrorKind.conflict, message, code=code, values=values)


def invalid(message: str, field: str, code: str, **values: Value) -> DossierError:
    return DossierError(ErrorKind.invalid, message, field, code=code, values=values)


def check_nominees(award: AwardRule, nominees: tuple[Nominee, ...], field: str) -> None:
    if not nominees:
        raise invalid("Hồ sơ phải có ít nhất một đối tượng đề nghị", field, "no_nominees")
    for nominee in nominees:
        if not award.allows(nominee.kind):
            raise invalid(
                f"{award.code} không xét cho đối tượng {nominee.kind.value}",
                field,
                "not_awarded_to",
                award=award.code,
                subject=nominee.kind.value,
            )


def arrive(state: DossierState, index: int, at: datetime) -> tuple[Stage, bool]:
    """The stage opened when the dossier arrives at ``route.stages[index]``."""
    target = state.route.stages[index]
    posting = (
        state.award.public_posting
        and not state.simplified
        and target.level in POSTING_LEVELS
        and not state.posted
    )
    phase = Phase.public_posting if posting else Phase.review
    stage = Stage(len(state.stages) + 1, index, target.level, target.org_code, phase, at, at)
    return stage, posting


def new_event(
    state: DossierState,
    at: datetime,
    actor: str,
    action: str,
    comment: str,
    vote: Vote | None = None,
) -> Event:
    stage = state.stage or (state.stages[-1] if state.stages else None)
    level = stage.level.value if stage else state.route.levels[0].value
    org = stage.org_code if stage else state.proposer_org
    return Event(len(state.history) + 1, at, actor, action, level, org, comment, vote)


def record(state: DossierState, events: list[Event], **changes: object) -> Result:
    new = replace(state, **changes)  # type: ignore[arg-type]
    new = replace(new, history=state.history + tuple(events), version=state.version + 1)
    return new, tuple(events)


def close_stage(state: DossierState, at: datetime, outcome: str) -> tuple[Stage, ...]:
    stage = state.stage
    if stage is None:
        return state.stages
    return (*state.stages[:-1], replace(stage, closed_at=at, outcome=outcome))


def drop_pending(nominees: tuple[Nominee, ...]) -> tuple[Nominee, ...]:
    """The nominees still pending are dropped (the dossier ends without a decision on them)."""
    return tuple(
        replace(n, outcome=Outcome.dropped) if n.outcome is Outcome.pending else n for n in nominees
    )
