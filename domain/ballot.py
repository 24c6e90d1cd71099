"""Council ballots (bỏ phiếu): agreement as a share of the council's total membership.

ND152 Art.33.5: ballot mandatory at every council level for Anh hùng titles, CSTĐ toàn quốc
(≥ 90 % of total membership) and Cờ thi đua của Chính phủ (≥ 80 %). Thresholds of other awards
were decentralised to ministries and provinces (ND152 Art.6.2) and are configured per province.
Written opinions of absent members count (ND152 Art.45.4), so ``in_favor`` may exceed
``present`` but never ``members_total``. A council meeting needs a quorum: ≥ 2/3 of members
present, ≥ 80 % for sessions on Anh hùng (ND152 Art.45.4; Bắc Ninh QĐ 86/2025 Art.8), the
award's ``quorum`` in the catalogue. At ``central`` the Ministry of Home Affairs appraises; only
the national council's own votes (CSTĐ toàn quốc, Anh hùng: ``central_council``) happen there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from domain.catalog import AwardRule
from domain.eligibility_model import CheckValue
from domain.levels import Level
from domain.reasons import word

BALLOT_BASIS = "ND152/2025 Art.33.5"
QUORUM_BASIS = "ND152/2025 Art.45.4"
DEFAULT_QUORUM = Fraction(2, 3)

# Levels where a council (HĐTĐKT) of a province, ministry or unit votes; their own thresholds
# apply there. Central votes only for awards of the national council; government and
# president decide without a ballot.
PROVINCE_CONFIG_LEVELS = frozenset(
    {
        Level.unit,
        Level.commune,
        Level.district,
        Level.department,
        Level.province,
        Level.ministry,
    }
)
COUNCIL_LEVELS = PROVINCE_CONFIG_LEVELS | {Level.central}


class BallotError(ValueError):
    """Malformed ballot input; ``field`` names the offending field. A refusal with a reason in
    machine form (:mod:`domain.reasons`) carries its ``key`` and ``values`` too."""

    def __init__(
        self, field: str, message: str, key: str = "", values: dict[str, CheckValue] | None = None
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.key = key
        self.values = values or {}


@dataclass(frozen=True)
class Vote:
    members_total: int
    present: int
    in_favor: int

    def __post_init__(self) -> None:
        if self.members_total < 1:
            raise BallotError("members_total", "a council has at least one member")
        if not 0 <= self.present <= self.members_total:
            raise BallotError("present", f"must be between 0 and {self.members_total}")
        if not 0 <= self.in_favor <= self.members_total:
            raise BallotError("in_favor", f"must be between 0 and {self.members_total}")


@dataclass(frozen=True)
class BallotResult:
    share: float  # in_favor / members_total, for display; the comparison is exact
    threshold: float
    passed: bool
    detail: str  # Vietnamese; the reason in machine form is ``key`` + ``values``
    key: str = ""
    values: dict[str, CheckValue] = field(default_factory=dict, hash=False)


def _fraction(threshold: float, field: str) -> Fraction:
    value = Fraction(str(threshold))  # 0.9 → 9/10 exactly, not the binary float
    if not 0 < value <= 1:
        raise BallotError(field, f"threshold must be in (0, 1], got {threshold}")
    return value


def ballot_required(
    award: AwardRule, level: Level, province_thresholds: Mapping[str, float] | None = None
) -> float | None:
    """The agreement threshold a council at ``level`` needs for ``award``, or None.

    The award's own threshold (ND152 Art.33.5) applies at every council level (at central only
    where the national council votes); otherwise a threshold configured by the province (keyed
    by award code) applies at the levels inside the province (unit up to province/ministry).
    """
    if level not in COUNCIL_LEVELS or (level is Level.central and not award.central_council):
        return None
    if award.ballot_threshold is not None:
        return award.ballot_threshold
    if level in PROVINCE_CONFIG_LEVELS and province_thresholds:
        configured = province_thresholds.get(award.code)
        if configured is not None:
            _fraction(configured, f"province_thresholds.{award.code}")
            return configured
    return None


def check_ballot(vote: Vote, threshold: float) -> BallotResult:
    """Compare ``in_favor / members_total`` with ``threshold`` exactly (fractions)."""
    needed = _fraction(threshold, "threshold")
    share = Fraction(vote.in_favor, vote.members_total)
    passed = share >= needed
    values: dict[str, CheckValue] = {
        "in_favor": vote.in_favor,
        "members_total": vote.members_total,
        "present": vote.present,
        "share": float(share),
        "threshold": float(needed),
    }
    key = "ballot_passed" if passed else "ballot_failed"
    return BallotResult(float(share), threshold, passed, word(key, values), key, values)


def quorum_for(award: AwardRule) -> Fraction:
    """Share of members a council meeting on ``award`` needs present."""
    if award.quorum is None:
        return DEFAULT_QUORUM
    return _fraction(award.quorum, f"{award.code}.quorum")


def check_quorum(vote: Vote, quorum: Fraction) -> None:
    """Raise :class:`BallotError` on ``present`` when fewer members sat than the quorum."""
    if Fraction(vote.present, vote.members_total) < quorum:
        needed = -(-quorum.numerator * vote.members_total // quorum.denominator)  # ceiling
        values: dict[str, CheckValue] = {
            "present": vote.present,
            "members_total": vote.members_total,
            "required": needed,
            "quorum": float(quorum),
            "cite": QUORUM_BASIS,
        }
        raise BallotError("present", word("quorum", values), "quorum", values)
