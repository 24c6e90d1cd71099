"""A province or ministry proposing itself a state-level award its own council must review
(ND152 Art.33.5 ballot at every level, Art.44.2 public posting before the bộ/tỉnh council):
its own stage comes first, where the posting runs and its chair approves with the council's
vote; everything else routes as before."""

from __future__ import annotations

import pytest

from domain.ballot import Vote
from domain.catalog import AwardRule, default_catalog
from domain.dossier import (
    Decide,
    DossierError,
    DossierState,
    Nominee,
    TimerFired,
    apply,
    open_dossier,
)
from domain.levels import DecidingLevel, Level
from domain.route_plan import plan_route
from domain.routes import OrgNode, Route, RouteStage
from tests.support.chain import AT

STATE = {Level.central: "BNV", Level.government: "TTG", Level.president: "CTN"}
PROV = OrgNode("BN", Level.province, None)
BYT = OrgNode("BYT", Level.ministry, None)
DISTRICT = OrgNode("BN-H1", Level.district, "BN")
UNIT = OrgNode("U3", Level.unit, "BN-H1")
SO = OrgNode("BN-SNV", Level.department, "BN")
OFFICE = OrgNode("BN-VP", Level.unit, "BN", "internal")  # the province's own office
CAT = default_catalog()
_STATE_LEVELS = (DecidingLevel.GOVERNMENT, DecidingLevel.PRESIDENT)
# The class, as the catalogue classifies it: state-level awards posted before the bộ/tỉnh
# council (orders, state honorary titles, CSTĐ toàn quốc).
POSTED = tuple(r.code for r in CAT if r.public_posting and r.deciding_level in _STATE_LEVELS)
_TAIL = {
    DecidingLevel.GOVERNMENT: (Level.central, Level.government),
    DecidingLevel.PRESIDENT: (Level.central, Level.government, Level.president),
}


def _levels(text: str) -> tuple[Level, ...]:
    return tuple(Level(name) for name in text.split())


def test_the_posted_class_holds_orders_honorary_titles_and_cstd_tq() -> None:
    assert {"HCLD_1", "HCLD_2", "HCLD_3", "HCDL_1", "HCDL_2", "HCDL_3"} <= set(POSTED)
    assert {"HC_DDKDT", "HC_DUNG_CAM", "AHLD", "CSTD_TQ"} <= set(POSTED)
    assert "BK_TTG" not in POSTED  # neither posted nor balloted: unchanged below


@pytest.mark.parametrize("root", [PROV, BYT], ids=["province", "ministry"])
@pytest.mark.parametrize("code", POSTED)
def test_a_root_proposing_itself_a_posted_award_reviews_it_at_its_own_stage(
    root: OrgNode, code: str
) -> None:
    award = CAT.get(code)
    route = plan_route([root], award, STATE)
    tail = _TAIL[award.deciding_level]
    assert route.stages[0] == RouteStage(root.level, root.code)
    assert tuple(s.level for s in route.stages[1:]) == tail
    assert route.levels == (root.level, *tail)
    assert route.proposer_acts
    assert not route.self_decided


@pytest.mark.parametrize(
    ("root", "code", "levels"),
    [
        (PROV, "HCLD_3", "province central government president"),  # an order
        (BYT, "HCDL_1", "ministry central government president"),
        (PROV, "HC_DDKDT", "province central government president"),
        (BYT, "AHLD", "ministry central government president"),  # a state honorary title
        (PROV, "AHLD", "province central government president"),
        (PROV, "CSTD_TQ", "province central government"),
        (BYT, "CSTD_TQ", "ministry central government"),
    ],
)
def test_each_class_by_province_and_ministry(root: OrgNode, code: str, levels: str) -> None:
    route = plan_route([root], CAT.get(code), STATE)
    assert route.levels == _levels(levels)
    assert [s.org_code for s in route.stages] == [root.code, "BNV", "TTG", "CTN"][
        : len(route.levels)
    ]


def test_under_the_simplified_procedure_an_order_goes_straight_to_central() -> None:
    """No posting, no council minutes (ND152 Art.44.2, Law Art.85): the route of before."""
    for root in (PROV, BYT):
        for code in ("HCLD_3", "HC_DUNG_CAM"):
            route = plan_route([root], CAT.get(code), STATE, simplified=True)
            assert route.stages[0] == RouteStage(Level.central, "BNV"), code
            assert route.levels == _levels(f"{root.level.value} central government president")
            assert not route.proposer_acts
    balloted = plan_route([PROV], CAT.get("AHLD"), STATE, simplified=True)
    assert balloted.stages[0] == RouteStage(Level.province, "BN")  # Art.33.5 as before


@pytest.mark.parametrize("simplified", [False, True])
def test_lower_proposers_route_as_before(simplified: bool) -> None:
    order = CAT.get("HCLD_3")
    below = plan_route([UNIT, DISTRICT, PROV], order, STATE, simplified=simplified)
    assert [s.org_code for s in below.stages] == ["BN-H1", "BN", "BNV", "TTG", "CTN"]
    assert below.levels == _levels("unit district province central government president")
    department = plan_route([SO, PROV], order, STATE, simplified=simplified)
    assert [s.org_code for s in department.stages] == ["BN", "BNV", "TTG", "CTN"]
    assert department.levels == _levels("department province central government president")
    office = plan_route([OFFICE, PROV], CAT.get("CSTD_TQ"), STATE, simplified=simplified)
    assert [s.org_code for s in office.stages] == ["BN", "BNV", "TTG"]
    assert not office.proposer_acts


def test_own_forms_stay_self_decided_and_a_bare_level_leaves_the_proposer_out() -> None:
    for root, codes in ((PROV, ("BK_TINH", "CSTD_TINH", "CO_TINH")), (BYT, ("BK_BO", "CO_BO"))):
        for code in codes:
            route = plan_route([root], CAT.get(code), STATE)
            assert route.self_decided, code
            assert route.stages == (RouteStage(root.level, root.code),)
    bare = plan_route([PROV], DecidingLevel.PRESIDENT, STATE)
    assert bare.stages[0] == RouteStage(Level.central, "BNV")


def _opened(
    award: AwardRule, proposer: str, route: Route, *, simplified: bool = False
) -> DossierState:
    kind = "ad_hoc" if simplified else "regular"
    base = DossierState(
        "HS1", award, proposer, route, "Tóm tắt", "canbo", award_type=kind, simplified=simplified
    )
    people = (Nominee("n1", award.subjects[0], "Ủy ban nhân dân tỉnh"),)
    state, _ = open_dossier(base, people, "canbo", AT)
    return state


@pytest.mark.parametrize("root", [PROV, BYT], ids=["province", "ministry"])
def test_its_own_order_is_posted_then_approved_by_its_chair_with_the_council_vote(
    root: OrgNode,
) -> None:
    order = CAT.get("HCLD_3")
    state = _opened(order, root.code, plan_route([root], order, STATE))
    assert state.stage is not None
    assert (state.stage.level, state.stage.org_code) == (root.level, root.code)
    assert state.stage.phase.value == "public_posting"
    assert state.posted
    chair = Decide(f"chair.{root.code}", root.code, "approve", vote=Vote(30, 25, 25))
    with pytest.raises(DossierError) as info:
        apply(state, chair, AT)  # the posting period runs first
    assert (info.value.kind.value, info.value.code) == ("Conflict", "in_posting")
    with pytest.raises(DossierError) as early:
        apply(state, Decide("chair.bnv", "BNV", "approve"), AT)
    assert early.value.kind.value == "Forbidden"
    reviewed, _ = apply(state, TimerFired("posting_end"), AT)
    assert reviewed.stage is not None
    assert reviewed.stage.phase.value == "review"
    forwarded, events = apply(reviewed, chair, AT)
    assert events[-1].vote == Vote(30, 25, 25)
    assert forwarded.stage is not None
    assert (forwarded.stage.org_code, forwarded.stage.phase.value) == ("BNV", "review")


def test_its_own_simplified_order_is_neither_posted_nor_reviewed_at_home() -> None:
    order = CAT.get("HCLD_3")
    route = plan_route([PROV], order, STATE, simplified=True)
    state = _opened(order, PROV.code, route, simplified=True)
    assert state.stage is not None
    assert (state.stage.org_code, state.stage.phase.value) == ("BNV", "review")
    assert not state.posted
