"""Legal basis of a rule: which instrument and article, and when it is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LegalBasis:
    """An article of a legal instrument with its validity period.

    ``effective_to`` is the last day the rule is in force (inclusive), or None while open-ended.
    """

    instrument: str
    article: str
    effective_from: date
    effective_to: date | None = None

    def __post_init__(self) -> None:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"{self.instrument}: effective_to {self.effective_to} before "
                f"effective_from {self.effective_from}"
            )

    def in_force(self, on: date) -> bool:
        """True when the rule applies on ``on``."""
        if on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to

    def cite(self) -> str:
        """Short citation, e.g. ``"ND152/2025 Art.33.5"``."""
        if not self.article:
            return self.instrument
        return f"{self.instrument} Art.{self.article}"


# Instruments used across the domain (dates from domain.md §0).
LAW_2022 = "Law 06/2022/QH15"
LAW_2022_FROM = date(2024, 1, 1)
ND152 = "ND152/2025"
ND152_FROM = date(2025, 7, 1)
ND152_TO = date(2027, 2, 28)  # self-sunset 01/03/2027 (ND152 Art.60)


def law(article: str) -> LegalBasis:
    """An article of the 2022 Law on Emulation and Commendation."""
    return LegalBasis(LAW_2022, article, LAW_2022_FROM, None)


def nd152(article: str) -> LegalBasis:
    """An article of Decree 152/2025/NĐ-CP."""
    return LegalBasis(ND152, article, ND152_FROM, ND152_TO)
