"""The state machine with the law of issue 13: self-deciding units, quorum, votes recorded,
no council at central for the flag, the simplified procedure, rules by lodging date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.ballot import Vote
from domain.calendar import VN_TZ
from domain.catalog import default_catalog
from domain.dossier import (
    Decide,
    DossierError,
    DossierState,
    Nominee,
    TimerFired,
    apply,
    open_dossier,
    rule_in_force,
)
from domain.levels import Level, Subject
from domain.route_plan import plan_route
from domain.routes import OrgNode
from tests.support.chain import AT, STATE_ORGS

SCHOOL = (
    OrgNode("THPT", Level.unit, "SGD", "legal_entity"),
    OrgNode("SGD", Level.department, "BN"),
    OrgNode("BN", Level.province, None),
)
THREE = (
    OrgNode("U1", Level.unit, "D1"),
    OrgNode("D1", Level.district, "BN"),
    OrgNode("BN", Level.province, None),
)


def opened(
    code: str,
    ancestry: tuple[OrgNode, ...] = SCHOOL,
    at: datetime = AT,
    **extra: object,
) -> DossierState:
    award = default_catalog().get(code)
    route = plan_route(ancestry, award, STATE_ORGS)
    base = DossierState("HS1", award, ancestry[0].code, route, "Tóm tắt", "canbo", **extra)  # type: ignore[arg-type]
    people = (Nominee("n1", award.subjects[0], "Nguyễn Văn An"),)
    state, _ = open_dossier(base, people, "canbo", at)
    return state


def test_school_decides_its_own_cstd_cs_with_its_council_vote_recorded() -> None:
    state = opened("CSTD_CS")
    assert state.route.self_decided
    assert state.stage is not None
    assert (state.stage.level, state.stage.org_code) == (Level.unit, "THPT")
    vote = Vote(15, 12, 12)
    decided, events = apply(state, Decide("chair.thpt", "THPT", "approve", vote=vote), AT)
    assert decided.status.value == "decided"
    assert decided.decision is not None
    assert decided.decision.authority_org == "THPT"
    assert decided.decision.bonus[0].amount_vnd == 2_340_000
    assert events[-1].vote == vote
    assert decided.decision.expired_basis == ()


def test_quorum_is_checked_wherever_a_council_votes() -> None:
    state = opened("LDTT")
    nobody = Decide("c", "THPT", "approve", vote=Vote(10, 0, 10))
    with pytest.raises(DossierError) as info:
        apply(state, nobody, AT)
    assert (info.value.kind.value, info.value.field) == ("Invalid", "vote.present")
    co_cp = opened("CO_CP", THREE)
    co_cp, _ = apply(co_cp, Decide("c", "D1", "approve"), AT)
    few = Decide("c", "BN", "approve", vote=Vote(30, 19, 28))  # 28/30 agree, 19 < 20 present
    with pytest.raises(DossierError) as info:
        apply(co_cp, few, AT)
    assert info.value.field == "vote.present"


def test_a_province_proposing_the_government_flag_for_itself_must_vote_first() -> None:
    """ND152 Art.33.5, contract §7: no decision of a province's own flag without its vote."""
    state = opened("CO_CP", (OrgNode("BN", Level.province, None),))
    assert state.stage is not None
    assert (state.stage.level, state.stage.org_code) == (Level.province, "BN")
    assert state.stage.phase.value == "review"
    with pytest.raises(DossierError) as info:
        apply(state, Decide("chair.bn", "BN", "approve"), AT)
    assert (info.value.kind.value, info.value.field) == ("Invalid", "vote")
    with pytest.raises(DossierError) as refused:
        apply(state, Decide("chair.bnv", "BNV", "approve"), AT)
    assert refused.value.kind.value == "Forbidden"
    vote = Vote(30, 25, 25)
    forwarded, events = apply(state, Decide("chair.bn", "BN", "approve", vote=vote), AT)
    assert events[-1].vote == vote
    assert forwarded.status.value == "in_review"
    assert forwarded.stage is not None
    assert forwarded.stage.org_code == "BNV"


def test_no_vote_demanded_at_central_for_the_government_flag() -> None:
    state = opened("CO_CP", THREE)
    state, _ = apply(state, Decide("c", "D1", "approve"), AT)
    state, _ = apply(state, Decide("c", "BN", "approve", vote=Vote(30, 25, 25)), AT)
    assert state.stage is not None
    assert state.stage.level is Level.central
    state, events = apply(state, Decide("c", "BNV", "approve"), AT)
    assert state.stage is not None
    assert state.stage.level is Level.government
    assert events[-1].vote is None


def test_central_council_votes_on_cstd_tq() -> None:
    state = opened("CSTD_TQ", THREE)
    state, _ = apply(state, Decide("c", "D1", "approve"), AT)
    state, _ = apply(state, TimerFired("posting_end"), AT)  # the posting period has ended
    state, _ = apply(state, Decide("c", "BN", "approve", vote=Vote(30, 28, 28)), AT)
    with pytest.raises(DossierError) as info:
        apply(state, Decide("c", "BNV", "approve"), AT)
    assert info.value.field == "vote"


def test_simplified_ad_hoc_dossier_skips_public_posting() -> None:
    regular = opened("HCLD_3", THREE)
    regular, _ = apply(regular, Decide("c", "D1", "approve"), AT)
    assert regular.stage is not None
    assert regular.stage.phase.value == "public_posting"
    simple = opened("HCLD_3", THREE, award_type="ad_hoc", simplified=True)
    simple, _ = apply(simple, Decide("c", "D1", "approve"), AT)
    assert simple.stage is not None
    assert simple.stage.phase.value == "review"


def test_dossier_lodged_before_july_2025_follows_nd98() -> None:
    lodged = datetime(2025, 6, 20, 9, 0, tzinfo=VN_TZ)
    old = opened("CSTD_TINH", THREE, lodged)
    assert rule_in_force(old).ballot_threshold == 0.9
    old, _ = apply(old, Decide("c", "D1", "approve"), lodged)
    with pytest.raises(DossierError) as info:
        apply(old, Decide("c", "BN", "approve"), lodged)
    assert info.value.field == "vote"
    new = opened("CSTD_TINH", THREE)
    new, _ = apply(new, Decide("c", "D1", "approve"), AT)
    decided, _ = apply(new, Decide("c", "BN", "approve"), AT)
    assert decided.status.value == "decided"


def test_deciding_past_the_sunset_works_and_flags_the_basis() -> None:
    after = datetime(2027, 4, 1, 9, 0, tzinfo=VN_TZ)
    state = opened("XA_TIEU_BIEU", (OrgNode("X1", Level.commune, "BN"), THREE[2]), after)
    decided, _ = apply(state, Decide("c", "BN", "approve", decision_date=date(2027, 4, 2)), after)
    assert decided.status.value == "decided"
    assert decided.decision is not None
    assert decided.decision.expired_basis == ("ND152/2025 Art.8",)
    assert decided.nominees[0].kind is Subject.collective
