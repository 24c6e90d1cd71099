"""Data types of the eligibility engine (contract §8); see :mod:`domain.eligibility`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from domain.levels import Subject

InitiativeScope = Literal["unit", "province", "national"]


class Rating(StrEnum):
    """Annual task-completion rating, best first."""

    HTXS = "HTXS"  # hoàn thành xuất sắc nhiệm vụ
    HTT = "HTT"  # hoàn thành tốt nhiệm vụ
    HT = "HT"  # hoàn thành nhiệm vụ
    KHT = "KHT"  # không hoàn thành nhiệm vụ


RATING_ORDER: dict[Rating, int] = {Rating.KHT: 0, Rating.HT: 1, Rating.HTT: 2, Rating.HTXS: 3}
RATING_VI: dict[Rating, str] = {
    Rating.HTXS: "hoàn thành xuất sắc nhiệm vụ",
    Rating.HTT: "hoàn thành tốt nhiệm vụ",
    Rating.HT: "hoàn thành nhiệm vụ",
    Rating.KHT: "không hoàn thành nhiệm vụ",
}


class EligibilityInputError(ValueError):
    """Malformed eligibility input; ``field`` names it (e.g. ``"history[2].year"``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NoRuleSet(EligibilityInputError):
    """The award exists but tdkt has no machine-checkable rules for it (and this subject)."""


@dataclass(frozen=True)
class YearRecord:
    """One year of a nominee's history (an individual or a collective)."""

    year: int
    rating: Rating
    titles: tuple[str, ...] = ()
    initiative_scope: InitiativeScope | None = None
    members_total: int | None = None
    members_completed: int | None = None
    members_ldtt: int | None = None
    members_cstd_cs: int | None = None


@dataclass(frozen=True)
class PriorAward:
    """An earlier award; ``year`` is the last year of its achievement period (ND152 Art.33.7)."""

    code: str
    year: int


@dataclass(frozen=True)
class EligibilityRequest:
    award_code: str
    year: int
    subject: Subject
    history: tuple[YearRecord, ...]
    awards: tuple[PriorAward, ...] = ()


@dataclass(frozen=True)
class Check:
    rule: str
    met: bool
    detail: str  # Vietnamese, for the officers who read it
    basis: str  # citation, e.g. "Law 06/2022/QH15 Art.23"


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    checks: tuple[Check, ...]
