"""Route profiles and stops (contract §5)."""

import pytest

from domain.levels import DecidingLevel, Level
from domain.routes import (
    OrgNode,
    RouteError,
    RouteProfile,
    RouteStage,
    is_deciding,
    next_stage,
    plan_route,
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
        ([OrgNode("V", Level.unit, "BYT"), OrgNode("BYT", Level.ministry, None)],
         DecidingLevel.GOVERNMENT, "two_tier", "unit ministry central government"),
    ],
)  # fmt: skip
def test_plan_route(
    ancestry: list[OrgNode], deciding: DecidingLevel, profile: str, levels: str
) -> None:
    route = plan_route(ancestry, deciding, STATE)
    assert route.profile == RouteProfile(profile)
    assert route.levels == tuple(Level(name) for name in levels.split())
    assert tuple(s.level for s in route.stages) == route.levels[1:]


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
    with pytest.raises(IndexError):
        next_stage(route, 5)
    with pytest.raises(RouteError):
        stage_index(plan_route(TWO, DecidingLevel.LOCAL, STATE), Level.province)


def test_unit_under_commune_under_district_uses_district() -> None:
    old = [OrgNode("U", Level.unit, "X"), OrgNode("X", Level.commune, "H"), DISTRICT, PROV]
    old[2:] = [OrgNode("H", Level.district, "BN"), PROV]
    route = plan_route(old, DecidingLevel.LOCAL, STATE)
    assert route.profile is RouteProfile.THREE_TIER
    assert route.stages == (RouteStage(Level.district, "H"),)


@pytest.mark.parametrize(
    ("ancestry", "deciding", "state", "message"),
    [
        ([COMMUNE, PROV], DecidingLevel.LOCAL, STATE, "at or above"),
        ([PROV], DecidingLevel.PROVINCE, STATE, "at or above"),
        ([UNIT_2, COMMUNE], DecidingLevel.PROVINCE, STATE, "no province"),
        (TWO, DecidingLevel.GOVERNMENT, {Level.central: "BNV"}, "government"),
        (TWO, DecidingLevel.PRESIDENT, {}, "central"),
        ([UNIT_2, PROV], DecidingLevel.PROVINCE, STATE, "broken"),
        ([OrgNode("U", Level.unit, "BN"), PROV], DecidingLevel.LOCAL, STATE, "no district"),
        ([], DecidingLevel.LOCAL, STATE, "empty"),
        ([OrgNode("P", Level.province, "U"), OrgNode("U", Level.unit, None)],
         DecidingLevel.GOVERNMENT, STATE, "below"),
        ([OrgNode("U", Level.unit, "BNV"), OrgNode("BNV", Level.central, None)],
         DecidingLevel.GOVERNMENT, STATE, "state-level"),
    ],
)  # fmt: skip
def test_route_errors(
    ancestry: list[OrgNode], deciding: DecidingLevel, state: dict[Level, str], message: str
) -> None:
    with pytest.raises(RouteError, match=message):
        plan_route(ancestry, deciding, state)
