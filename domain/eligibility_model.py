"""Data types of the eligibility engine (contract §8); see :mod:`domain.eligibility`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
    """One year of a nominee's history (an individual or a collective).

    ``initiatives`` counts the initiatives recognised that year (at least ``initiative_scope``);
    absent, a year with a scope counts one.
    """

    year: int
    rating: Rating
    titles: tuple[str, ...] = ()
    initiative_scope: InitiativeScope | None = None
    members_total: int | None = None
    members_completed: int | None = None
    members_ldtt: int | None = None
    members_cstd_cs: int | None = None
    initiatives: int | None = None
    members_disciplined: int | None = None  # disciplined at cảnh cáo or above that year

    @property
    def initiative_count(self) -> int:
        if self.initiatives is not None:
            return self.initiatives
        return 0 if self.initiative_scope is None else 1


# Award types whose results cannot back a higher merit award (ND152 Art.4.3).
NOT_A_BASIS = frozenset({"ad_hoc", "thematic"})


@dataclass(frozen=True)
class PriorAward:
    """An earlier award; ``year`` is the last year of its achievement period (ND152 Art.33.7)."""

    code: str
    year: int
    award_type: str = "regular"


BN86 = "QĐ 86/2025/QĐ-UBND Bắc Ninh"  # provincial regulation used as the worked example


@dataclass(frozen=True)
class ProvinceRules:
    """Figures each province sets for itself (defaults: Bắc Ninh QĐ 86/2025)."""

    basis: str = BN86
    ldtt_share_percent: int = 70  # members with LĐTT for TTLĐTT/TTLĐXS (BN86 Art.3.2)
    max_disciplined: int | None = 0  # members disciplined at cảnh cáo+ (BN86 Art.4.2); None: off
    htxs_years_collective_bk: int = 2  # collective Bằng khen tỉnh (BN86 Art.3.3.c)


@dataclass(frozen=True)
class EligibilityRequest:
    award_code: str
    year: int
    subject: Subject
    history: tuple[YearRecord, ...]
    awards: tuple[PriorAward, ...] = ()
    province: ProvinceRules = field(default_factory=ProvinceRules)
    # The day whose criteria apply: the dossier's lodging date (ND152 Art.60). None: 31
    # December of ``year``, the year-end review (the domain reads no clock).
    on: date | None = None

    @property
    def governing_date(self) -> date:
        return date(self.year, 12, 31) if self.on is None else self.on


# A value of a check's reason: a year, a count, a ratio, a code (rating, award, scope,
# subject), an ISO date, a citation, or a list of years or award codes (domain.reasons).
CheckValue = int | float | str | list[int] | list[str] | None


@dataclass(frozen=True)
class Check:
    """One criterion and whether it is met.

    ``key`` and ``values`` are the reason in machine form (:mod:`domain.reasons`): the API
    words them in the reader's language (msgid ``check.<key>``), with names for the codes.
    ``detail`` is the same reason in Vietnamese, the default: logs, and checks stored before
    reasons had keys (``key`` empty), show it as it is.
    """

    rule: str
    met: bool
    detail: str  # Vietnamese, for the officers who read it
    basis: str  # citation, e.g. "Law 06/2022/QH15 Art.23"
    key: str = ""
    values: dict[str, CheckValue] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    checks: tuple[Check, ...]
