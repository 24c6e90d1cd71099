"""Councils (HĐTĐKT) in the state machine: which rule a dossier follows, when a vote is
demanded, its quorum and threshold (ND152 Art.33.5, 45.4; ND98 Art.30.7 before 1/7/2025).

Province and ministry councils vote on every dossier whose award (or the province) sets a
threshold; at ``central`` only the national council votes (``AwardRule.central_council``: CSTĐ
toàn quốc, Anh hùng), the Ministry of Home Affairs otherwise appraises; a grassroots council
(unit, department, commune, district) votes where it decides. A vote given where a council sits
is checked for quorum and recorded with the approval; elsewhere it is ignored.
"""

from __future__ import annotations

from domain.ballot import (
    COUNCIL_LEVELS,
    BallotError,
    Vote,
    ballot_required,
    check_ballot,
    check_quorum,
    quorum_for,
)
from domain.calendar import local_date
from domain.catalog import AwardRule
from domain.dossier_model import BALLOT_LEVELS, DossierError, DossierState, ErrorKind, Stage
from domain.levels import Level
from domain.refusal import Values


def _invalid(message: str, field: str, code: str, values: Values | None = None) -> DossierError:
    return DossierError(ErrorKind.invalid, message, field, code=code, values=values)


def rule_in_force(state: DossierState) -> AwardRule:
    """The award rule for this dossier: the version in force when it was lodged (ND152 Art.60
    keeps ND98 for dossiers lodged before 1 July 2025)."""
    if not state.stages:
        return state.award
    return state.award.on(local_date(state.stages[0].arrived_at))


def vote_demanded(state: DossierState, stage: Stage) -> bool:
    """Province/ministry councils (and central, where the national council votes) vote on
    every dossier with a threshold; a grassroots council only where it decides."""
    return stage.level in BALLOT_LEVELS or stage.index == len(state.route.stages) - 1


def check_vote(state: DossierState, stage: Stage, vote: Vote | None) -> Vote | None:
    """Validate the council's vote; return it when it is to be recorded."""
    award = rule_in_force(state)
    threshold = None
    if vote_demanded(state, stage):
        threshold = ballot_required(award, stage.level, state.ballot_thresholds)
    council = stage.level in COUNCIL_LEVELS and (
        stage.level is not Level.central or award.central_council
    )
    if vote is None:
        if threshold is None:
            return None
        raise _invalid(
            "Hình thức này phải bỏ phiếu: thiếu kết quả biểu quyết", "vote", "vote_required"
        )
    if not council:
        return None  # no council sits here (BNV appraises, TTg/CTN decide): nothing to record
    try:
        check_quorum(vote, quorum_for(award))
    except BallotError as exc:
        raise _invalid(exc.message, f"vote.{exc.field}", exc.key, exc.values) from None
    if threshold is not None:
        result = check_ballot(vote, threshold)
        if not result.passed:
            message = f"Kết quả bỏ phiếu không đạt: {result.detail}"
            raise _invalid(message, "vote", result.key, result.values)
    return vote
