"""Council ballots: share of total membership (ND152 Art.33.5)."""

import pytest

from domain.ballot import BallotError, Vote, ballot_required, check_ballot
from domain.catalog import default_catalog
from domain.levels import Level


@pytest.mark.parametrize(
    ("total", "present", "in_favor", "threshold", "passed"),
    [
        (10, 10, 9, 0.9, True),  # exactly 90 %: float 0.9 must not break it
        (10, 10, 8, 0.9, False),
        (20, 15, 15, 0.8, False),  # 15/20 = 75 % of the total, though all present agree
        (20, 16, 16, 0.8, True),
        (30, 25, 27, 0.9, True),  # written opinions of absent members count
        (7, 7, 4, 0.5, True),
        (3, 3, 2, 0.7, False),
    ],
)
def test_check_ballot(
    total: int, present: int, in_favor: int, threshold: float, passed: bool
) -> None:
    result = check_ballot(Vote(total, present, in_favor), threshold)
    assert result.passed is passed
    assert result.share == in_favor / total
    assert f"{in_favor}/{total}" in result.detail


@pytest.mark.parametrize(
    ("total", "present", "in_favor", "field"),
    [
        (0, 0, 0, "members_total"),
        (5, 6, 1, "present"),
        (5, 3, 6, "in_favor"),
        (5, -1, 0, "present"),
    ],
)
def test_vote_validation(total: int, present: int, in_favor: int, field: str) -> None:
    with pytest.raises(BallotError) as info:
        Vote(total, present, in_favor)
    assert info.value.field == field


def test_threshold_out_of_range() -> None:
    with pytest.raises(BallotError, match="threshold"):
        check_ballot(Vote(5, 5, 5), 1.2)


@pytest.mark.parametrize(
    ("code", "level", "config", "expected"),
    [
        ("CSTD_TQ", Level.province, None, 0.9),
        ("AHLD", Level.central, None, 0.9),
        ("CO_CP", Level.unit, None, 0.8),
        ("CO_CP", Level.government, None, None),
        ("BK_TINH", Level.province, None, None),
        ("BK_TINH", Level.province, {"BK_TINH": 0.6}, 0.6),
        ("BK_TINH", Level.central, {"BK_TINH": 0.6}, None),
        ("CSTD_TQ", Level.province, {"CSTD_TQ": 0.5}, 0.9),
    ],
)
def test_ballot_required(
    code: str, level: Level, config: dict[str, float] | None, expected: float | None
) -> None:
    assert ballot_required(default_catalog().get(code), level, config) == expected


def test_bad_province_threshold() -> None:
    with pytest.raises(BallotError) as info:
        ballot_required(default_catalog().get("BK_TINH"), Level.province, {"BK_TINH": 0})
    assert info.value.field == "province_thresholds.BK_TINH"
