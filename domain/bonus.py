"""Bonus amounts (tiền thưởng): coefficient × base salary in force on the decision date.

ND152 Art.49-55: the amount is rounded up to the next 10,000 VND; collectives get ×2 and
households ×1.5 of the individual amount unless the decree gives their own figure. Several
titles for the same period earn only the highest title's bonus; a title and a form at the same
time earn both (ND152 Art.49.5): :func:`period_bonuses`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from domain.catalog import AwardRule
from domain.legal import LegalBasis
from domain.levels import Subject
from domain.refusal import Values

ROUNDING_VND = 10_000


class BonusError(ValueError):
    """Bonus cannot be computed; ``field`` names the offending input, ``code`` and ``values``
    say why (:mod:`domain.refusal`)."""

    def __init__(
        self, field: str, message: str, *, code: str, values: Values | None = None
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.code = code
        self.values: Values = dict(values or {})


@dataclass(frozen=True)
class BaseSalary:
    effective_from: date
    amount_vnd: int
    basis: LegalBasis


@dataclass(frozen=True)
class Bonus:
    coefficient: float
    base_salary_vnd: int
    amount_vnd: int


DEFAULT_BASE_SALARIES: tuple[BaseSalary, ...] = (
    BaseSalary(
        date(2019, 7, 1),
        1_490_000,
        LegalBasis("ND38/2019", "3.2", date(2019, 7, 1), date(2023, 6, 30)),
    ),
    BaseSalary(
        date(2023, 7, 1),
        1_800_000,
        LegalBasis("ND24/2023", "3.2", date(2023, 7, 1), date(2024, 6, 30)),
    ),
    BaseSalary(
        date(2024, 7, 1),
        2_340_000,
        LegalBasis("ND73/2024", "3.2", date(2024, 7, 1), date(2026, 6, 30)),
    ),
    # ND 161/2026/NĐ-CP of 15/05/2026; article number not verified (domain.md §4, S7).
    BaseSalary(date(2026, 7, 1), 2_530_000, LegalBasis("ND161/2026", "", date(2026, 7, 1))),
)


def base_salary_on(d: date, schedule: Sequence[BaseSalary] = DEFAULT_BASE_SALARIES) -> BaseSalary:
    """The base salary in force on ``d`` (the latest one that started on or before ``d``)."""
    in_force = [s for s in schedule if s.effective_from <= d]
    if not in_force:
        raise BonusError(
            "decision_date",
            f"no base salary known on {d.isoformat()}",
            code="no_base_salary",
            values={"on": d.isoformat()},
        )
    return max(in_force, key=lambda s: s.effective_from)


def round_up_vnd(amount: Decimal, step: int = ROUNDING_VND) -> int:
    """Round up to the next multiple of ``step`` VND."""
    steps = (amount / step).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * step


def compute_bonus(
    award: AwardRule,
    subject: Subject,
    decision_date: date,
    schedule: Sequence[BaseSalary] = DEFAULT_BASE_SALARIES,
) -> Bonus:
    """Bonus for ``award`` given to ``subject`` by a decision of ``decision_date``."""
    if not award.allows(subject):
        raise BonusError(
            "subject",
            f"{award.code} is not awarded to a {subject.value}",
            code="not_awarded_to",
            values={"award": award.code, "subject": subject.value},
        )
    coefficient = award.coefficient_decimal(subject)
    base = base_salary_on(decision_date, schedule)
    amount = round_up_vnd(coefficient * base.amount_vnd)
    return Bonus(float(coefficient), base.amount_vnd, amount)


@dataclass(frozen=True)
class PeriodBonus:
    """One award of a period with its bonus; ``paid`` is False for a title outranked by another."""

    code: str
    bonus: Bonus
    paid: bool


def period_bonuses(
    awards: Sequence[AwardRule],
    subject: Subject,
    decision_date: date,
    schedule: Sequence[BaseSalary] = DEFAULT_BASE_SALARIES,
) -> tuple[PeriodBonus, ...]:
    """Bonuses of several awards to one subject for the same achievement period.

    Only the highest title (largest coefficient) is paid; every form is paid (ND152 Art.49.5).
    """
    if len({a.code for a in awards}) != len(awards):
        raise BonusError("awards", "an award listed twice for the same period", code="award_twice")
    bonuses = [compute_bonus(a, subject, decision_date, schedule) for a in awards]
    titles = [i for i, a in enumerate(awards) if a.category == "title"]
    top = max(titles, key=lambda i: (bonuses[i].coefficient, -i), default=None)
    return tuple(
        PeriodBonus(a.code, b, a.category == "form" or i == top)
        for i, (a, b) in enumerate(zip(awards, bonuses, strict=True))
    )
