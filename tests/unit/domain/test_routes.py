"""Routes from the org tree (contract §5, §11): nearest competent decider, state levels."""

import pytest

from domain.catalog import default_catalog
from domain.levels import DecidingLevel, Level
from domain.route_plan import DEFAULT_DECIDERS, decider_key, plan_route
from domain.routes import (
    OrgNode,
    RouteError,
    RouteProfile,
    RouteStage,
    aligned_orgs,
    is_deciding,
    next_stage,
    stage_index,
)

STATE = {Level.central: "BNV", Level.government: "TTG", Level.president: "CTN"}
PROV = OrgNode("BN", Level.province, None)
DISTRICT = OrgNode("BN-H1", Level.district, "BN")
COMMUNE = OrgNode("BN-X1", Level.commune, "BN")
UNIT_3 = OrgNode("U3", Level.unit, "BN-H1")
UNIT_2 = OrgNode("U2", Level.unit, "BN-X1")
THREE = [UNIT_3, DISTRICT, PROV]
TWO = [UNIT_2, COMMUNE, PROV]
# A school with legal personality under a provincial department (Sở), a team inside it.
SO = OrgNode("BN-SGD", Level.department, "BN")
SCHOOL = OrgNode("BN-SGD-THPT", Level.unit, "BN-SGD", "legal_entity")
TEAM = OrgNode("BN-SGD-THPT-TO", Level.unit, "BN-SGD-THPT")
SCHOOL_CHAIN = [SCHOOL, SO, PROV]
# A ministry, one of its departments and a unit under it; an enterprise under a commune.
BYT = OrgNode("BYT", Level.ministry, None)
BYT_VU = OrgNode("BYT-VU", Level.department, "BYT")
BYT_BV = OrgNode("BYT-BV", Level.unit, "BYT", "legal_entity")
BYT_KHOA = OrgNode("BYT-BV-K", Level.unit, "BYT-BV", "internal")
HTX = OrgNode("HTX", Level.unit, "BN-X1", "enterprise")
CAT = default_catalog()


def _levels(text: str) -> tuple[Level, ...]:
    return tuple(Level(name) for name in text.split())


@pytest.mark.parametrize(
    ("ancestry", "deciding", "profile", "levels"),
    [
        (THREE, DecidingLevel.LOCAL, "three_tier", "unit district"),
        (THREE, DecidingLevel.PROVINCE, "three_tier", "unit district province"),
        (THREE, DecidingLevel.PRESIDENT, "three_tier",
         "unit district province central government president"),
        (TWO, DecidingLevel.LOCAL, "two_tier", "unit commune"),
        (TWO, DecidingLevel.GOVERNMENT, "two_tier", "unit commune province central government"),
        (TWO, DecidingLevel.PRESIDENT, "two_tier",
         "unit commune province central government president"),
        ([COMMUNE, PROV], DecidingLevel.GOVERNMENT, "two_tier",
         "commune province central government"),
        ([OrgNode("SNV", Level.unit, "BN"), PROV], DecidingLevel.PROVINCE, "two_tier",
         "unit province"),
        ([OrgNode("V", Level.unit, "BYT"), BYT], DecidingLevel.GOVERNMENT, "two_tier",
         "unit ministry central government"),
        # the proposer decides itself: the route is just its own level
        ([COMMUNE, PROV], DecidingLevel.LOCAL, "two_tier", "commune"),
        ([PROV], DecidingLevel.PROVINCE, "two_tier", "province"),
        ([PROV], DecidingLevel.GOVERNMENT, "two_tier", "province central government"),
        (SCHOOL_CHAIN, DecidingLevel.LOCAL, "two_tier", "unit"),
        (SCHOOL_CHAIN, DecidingLevel.PROVINCE, "two_tier", "unit department province"),
        ([TEAM, *SCHOOL_CHAIN], DecidingLevel.LOCAL, "two_tier", "unit unit"),
        ([TEAM, *SCHOOL_CHAIN], DecidingLevel.PRESIDENT, "two_tier",
         "unit unit department province central government president"),
        ([SO, PROV], DecidingLevel.LOCAL, "two_tier", "department"),
        ([BYT_KHOA, BYT_BV, BYT], DecidingLevel.GOVERNMENT, "two_tier",
         "unit unit ministry central government"),
        ([BYT_KHOA, BYT_BV, BYT], DecidingLevel.MINISTRY, "two_tier", "unit unit ministry"),
        ([BYT_VU, BYT], DecidingLevel.MINISTRY, "two_tier", "department ministry"),
        ([HTX, COMMUNE, PROV], DecidingLevel.LOCAL, "two_tier", "unit"),
        ([HTX, COMMUNE, PROV], DecidingLevel.PROVINCE, "two_tier", "unit commune province"),
    ],
)  # fmt: skip
def test_plan_route(
    ancestry: list[OrgNode], deciding: DecidingLevel, profile: str, levels: str
) -> None:
    route = plan_route(ancestry, deciding, STATE)
    assert route.profile == RouteProfile(profile)
    assert route.levels == _levels(levels)
    if route.self_decided:
        assert route.stages == (RouteStage(ancestry[0].level, ancestry[0].code),)
    else:
        assert not route.proposer_acts  # a bare deciding level has no ballot of its own
        assert tuple(s.level for s in route.stages) == route.levels[1:]


@pytest.mark.parametrize(
    ("ancestry", "code", "levels"),
    [
        ([PROV], "CO_CP", "province central government"),
        ([PROV], "CSTD_TQ", "province central government"),
        ([PROV], "AHLD", "province central government president"),
        ([BYT], "CO_CP", "ministry central government"),
    ],
)
def test_a_province_or_ministry_votes_first_on_an_award_balloted_at_every_level(
    ancestry: list[OrgNode], code: str, levels: str
) -> None:
    """ND152 Art.33.5: the council ballot at every level, the proposer's own included: its
    stage comes first (its chair approves with the vote, forwarding to BNV)."""
    route = plan_route(ancestry, CAT.get(code), STATE)
    assert route.levels == _levels(levels)
    assert route.proposer_acts
    assert not route.self_decided
    assert route.stages[0] == RouteStage(ancestry[0].level, ancestry[0].code)
    assert tuple(s.level for s in route.stages) == route.levels
    assert aligned_orgs(
        [lvl.value for lvl in route.levels], [s.org_code for s in route.stages], ancestry[0].code
    ) == [s.org_code for s in route.stages]


def test_awards_without_a_ballot_or_posting_of_their_own_leave_the_proposer_out() -> None:
    """Bằng khen TTg is neither balloted at every level nor posted (ND152 Art.33.5, 44.2);
    a province's own orders are (tests/unit/domain/test_routes_self.py)."""
    for ancestry in ([PROV], [BYT]):
        route = plan_route(ancestry, CAT.get("BK_TTG"), STATE)
        assert route.stages[0] == RouteStage(Level.central, "BNV")
        assert not route.proposer_acts
    below = plan_route(THREE, CAT.get("CO_CP"), STATE)  # a unit's flag: the province votes
    assert [s.org_code for s in below.stages] == ["BN-H1", "BN", "BNV", "TTG"]
    assert below.levels == _levels("unit district province central government")


def test_aligned_orgs_put_one_org_at_each_level() -> None:
    assert aligned_orgs(["unit", "district"], ["D"], "U") == ["U", "D"]
    assert aligned_orgs(["unit", "unit"], ["S"], "T") == ["T", "S"]
    assert aligned_orgs(["unit"], ["U"], "U") == ["U"]
    assert aligned_orgs(["province", "central"], ["P", "BNV"], "P") == ["P", "BNV"]
    assert aligned_orgs([], [], "U") == []


def test_school_under_a_department_decides_its_own_grassroots_titles() -> None:
    for code in ("LDTT", "CSTD_CS", "TTLDTT", "GIAY_KHEN"):
        route = plan_route(SCHOOL_CHAIN, CAT.get(code), STATE)
        assert route.self_decided
        assert route.deciding_stage == RouteStage(Level.unit, SCHOOL.code)
    team = plan_route([TEAM, *SCHOOL_CHAIN], CAT.get("LDTT"), STATE)
    assert team.stages == (RouteStage(Level.unit, SCHOOL.code),)
    bk = plan_route(SCHOOL_CHAIN, CAT.get("BK_TINH"), STATE)
    assert [s.org_code for s in bk.stages] == ["BN-SGD", "BN"]


def test_ministry_chains() -> None:
    chain = [BYT_KHOA, BYT_BV, BYT]
    bk_ttg = plan_route(chain, CAT.get("BK_TTG"), STATE)
    assert [s.org_code for s in bk_ttg.stages] == ["BYT-BV", "BYT", "BNV", "TTG"]
    for code in ("CSTD_BO", "CO_BO", "BK_BO", "KNC", "TTLDXS"):
        assert plan_route(chain, CAT.get(code), STATE).deciding_stage.org_code == "BYT"
    with pytest.raises(RouteError, match="thẩm quyền"):
        plan_route(chain, CAT.get("BK_TINH"), STATE)
    with pytest.raises(RouteError, match="thẩm quyền"):
        plan_route(SCHOOL_CHAIN, CAT.get("BK_BO"), STATE)


def test_commune_and_province_awards() -> None:
    village = OrgNode("THON-1", Level.unit, "BN-X1")
    thon = plan_route([village, COMMUNE, PROV], CAT.get("THON_VH"), STATE)
    assert thon.stages == (RouteStage(Level.commune, "BN-X1"),)
    assert plan_route(THREE, CAT.get("THON_VH"), STATE).deciding_stage.org_code == "BN-H1"
    xa = plan_route([COMMUNE, PROV], CAT.get("XA_TIEU_BIEU"), STATE)
    assert xa.levels == _levels("commune province")
    with pytest.raises(RouteError, match="thẩm quyền"):
        plan_route(SCHOOL_CHAIN, CAT.get("THON_VH"), STATE)
    order = plan_route(TWO, CAT.get("HC_DUNG_CAM"), STATE)
    assert order.deciding_stage == RouteStage(Level.president, "CTN")


def test_three_and_two_tier_coexist_in_one_province() -> None:
    three = plan_route(THREE, CAT.get("BK_TINH"), STATE)
    two = plan_route(TWO, CAT.get("BK_TINH"), STATE)
    assert (three.profile, two.profile) == (RouteProfile.THREE_TIER, RouteProfile.TWO_TIER)
    assert three.deciding_stage == two.deciding_stage == RouteStage(Level.province, "BN")


def test_acting_orgs_and_helpers() -> None:
    route = plan_route(THREE, DecidingLevel.PRESIDENT, STATE)
    assert route.stages[0] == RouteStage(Level.district, "BN-H1")
    assert route.stages[1] == RouteStage(Level.province, "BN")
    assert route.deciding_stage == RouteStage(Level.president, "CTN")
    assert next_stage(route, -1) == route.stages[0]
    assert next_stage(route, 2) == RouteStage(Level.government, "TTG")
    assert next_stage(route, len(route.stages) - 1) is None
    assert stage_index(route, Level.central) == 2
    assert is_deciding(route, 4)
    assert not is_deciding(route, 3)
    assert not route.self_decided
    with pytest.raises(IndexError):
        next_stage(route, 5)
    with pytest.raises(RouteError):
        stage_index(plan_route(TWO, DecidingLevel.LOCAL, STATE), Level.province)


def test_unit_under_commune_under_district_uses_district() -> None:
    old = [OrgNode("U", Level.unit, "X"), OrgNode("X", Level.commune, "H")]
    old += [OrgNode("H", Level.district, "BN"), PROV]
    route = plan_route(old, DecidingLevel.LOCAL, STATE)
    assert route.profile is RouteProfile.THREE_TIER
    assert route.stages == (RouteStage(Level.district, "H"),)
    assert plan_route(old, DecidingLevel.PROVINCE, STATE).levels == _levels(
        "unit district province"
    )


def test_decider_keys() -> None:
    assert decider_key(SCHOOL) == "legal_entity"
    assert decider_key(TEAM) == "internal"
    assert decider_key(SO) == "department"
    assert DEFAULT_DECIDERS[DecidingLevel.MINISTRY] == ("ministry",)


@pytest.mark.parametrize(
    ("ancestry", "deciding", "state", "message"),
    [
        ([PROV], DecidingLevel.LOCAL, STATE, "thẩm quyền"),
        ([UNIT_2, COMMUNE], DecidingLevel.PROVINCE, STATE, "thẩm quyền"),
        ([UNIT_2, COMMUNE], DecidingLevel.GOVERNMENT, STATE, "không thuộc tỉnh hoặc bộ"),
        (TWO, DecidingLevel.GOVERNMENT, {Level.central: "BNV"}, "government"),
        (TWO, DecidingLevel.PRESIDENT, {}, "central"),
        ([UNIT_2, PROV], DecidingLevel.PROVINCE, STATE, "đứt đoạn"),
        ([OrgNode("U", Level.unit, "BN"), PROV], DecidingLevel.LOCAL, STATE, "thẩm quyền"),
        ([TEAM, OrgNode("BN-SGD-THPT", Level.unit, "BN")], DecidingLevel.LOCAL, STATE,
         "thẩm quyền"),
        ([], DecidingLevel.LOCAL, STATE, "rỗng"),
        ([OrgNode("P", Level.province, "U"), OrgNode("U", Level.unit, None)],
         DecidingLevel.GOVERNMENT, STATE, "thấp hơn"),
        ([OrgNode("U", Level.unit, "BNV"), OrgNode("BNV", Level.central, None)],
         DecidingLevel.GOVERNMENT, STATE, "trung ương"),
        ([OrgNode("A", Level.unit, "B"), OrgNode("B", Level.unit, "A"),
          OrgNode("A", Level.unit, "B")], DecidingLevel.LOCAL, STATE, "vòng lặp"),
        ([OrgNode("A", Level.unit, "BN", "ngoai_le"), PROV], DecidingLevel.LOCAL, STATE,
         "loại đơn vị không hợp lệ"),
    ],
)  # fmt: skip
def test_route_errors(
    ancestry: list[OrgNode], deciding: DecidingLevel, state: dict[Level, str], message: str
) -> None:
    with pytest.raises(RouteError, match=message):
        plan_route(ancestry, deciding, state)
