"""Who forwards in a round: only an org below the owner that must send dossiers up to a level
deciding an award of the round; the owner never (audit A4 §4). A cut-off may name any level of
the round (the owner's and a level deciding everything itself too: the levels below without
their own inherit it); a forwarder's own cut-off may not be earlier than one set below it.
Rounds started before 2026-12 (no ``decided_rank``) keep the rule their recorded workflow ran
with."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.calendar import VN_TZ
from domain.levels import DecidingLevel, Level, deciding_rank
from domain.round import expected_submitters, open_round, submitting_levels
from domain.round_roles import Role, forwards, levels_below, misordered, taking_part
from domain.routes import OrgNode

OPEN = datetime(2026, 11, 2, 8, 0, tzinfo=VN_TZ)
P = OrgNode("P", Level.province, None)
D = OrgNode("D", Level.district, "P")
S = OrgNode("S", Level.department, "P")
NODES = [P, D, OrgNode("U1", Level.unit, "D"), S, OrgNode("U2", Level.unit, "S")]
DISTRICT_TREE = [D, OrgNode("U1", Level.unit, "D"), OrgNode("U3", Level.unit, "D")]
LOCAL = deciding_rank(DecidingLevel.LOCAL)
PROVINCE = deciding_rank(DecidingLevel.PROVINCE)
GOVERNMENT = deciding_rank(DecidingLevel.GOVERNMENT)


def roles(
    owner: OrgNode, nodes: list[OrgNode], keys: set[str], decided: int | None
) -> list[tuple[str, Role]]:
    return [(s.org_code, s.role) for s in expected_submitters(owner, nodes, keys, decided)]


def test_a_district_round_of_its_own_awards_has_units_only() -> None:
    """LĐTT and Giấy khen, decided by the district that owns the round: nobody forwards."""
    assert roles(D, DISTRICT_TREE, {"unit"}, LOCAL) == [
        ("U1", Role.submitter),
        ("U3", Role.submitter),
    ]
    assert roles(D, DISTRICT_TREE, {"district"}, LOCAL) == [
        ("U1", Role.submitter),
        ("U3", Role.submitter),
    ]
    assert submitting_levels(D, DISTRICT_TREE) == [Level.unit, Level.district]


@pytest.mark.parametrize("decided", [PROVINCE, GOVERNMENT])
def test_in_a_province_round_the_levels_between_forward_and_the_province_never(
    decided: int,
) -> None:
    """Bằng khen tỉnh (decided by the owner) or Bằng khen TTg (above it): districts and
    departments send them up; the province receives, whatever its key."""
    expected = [("U1", Role.submitter), ("U2", Role.submitter)]
    expected += [("D", Role.forwarder), ("S", Role.forwarder)]
    assert roles(P, NODES, {"unit", "province"}, decided) == expected
    levels = [Level.unit, Level.district, Level.department, Level.province]
    assert submitting_levels(P, NODES) == levels


def test_levels_that_decide_every_award_of_the_round_do_not_forward() -> None:
    assert roles(P, NODES, {"unit", "district"}, LOCAL) == [
        ("U1", Role.submitter),
        ("U2", Role.submitter),
    ]
    assert taking_part(P, NODES, LOCAL) == [Level.unit]
    assert levels_below(P, NODES) == [Level.unit, Level.district, Level.department]
    assert not forwards(Level.district, Level.province, LOCAL)
    assert forwards(Level.district, Level.province, PROVINCE)
    assert not forwards(Level.province, Level.province, GOVERNMENT)  # the owner's own level


def test_a_round_started_before_the_change_keeps_its_rule() -> None:
    """No ``decided_rank``: the levels between forward and the owner with a key of its own."""
    assert roles(D, DISTRICT_TREE, {"district"}, None)[-1] == ("D", Role.forwarder)
    assert submitting_levels(D, DISTRICT_TREE) == [Level.unit, Level.district]
    state, _events = open_round(
        code="X6",
        name="Đợt",
        year=2026,
        owner=D,
        award_codes=["LDTT", "GIAY_KHEN"],
        opened_at=OPEN,
        deadlines={"unit": OPEN + timedelta(days=1)},
        subtree=DISTRICT_TREE,
        decided_rank=LOCAL,
    )
    assert [s.org_code for s in state.submitters] == ["U1", "U3"]


@pytest.mark.parametrize(
    ("deadlines", "found"),
    [
        ({"unit": 1, "district": 2}, None),
        ({"unit": 2, "district": 2}, None),  # the same day: the district forwards that day
        ({"unit": 3, "district": 2}, (Level.district, Level.unit)),
        ({"district": 2}, None),  # units share the district's
        ({"unit": 2}, None),  # the districts have no cut-off: nothing to compare
        ({"unit": 2, "district": 3, "department": 1}, (Level.department, Level.unit)),
        ({"unit": 3, "province": 1}, None),  # the owner forwards nothing: no order to keep
    ],
)
def test_a_forwarder_cut_off_is_not_earlier_than_one_below(
    deadlines: dict[str, int], found: tuple[Level, Level] | None
) -> None:
    days = {k: OPEN + timedelta(days=v) for k, v in deadlines.items()}
    assert misordered(days, [Level.district, Level.department]) == found
