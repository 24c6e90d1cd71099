"""Eligibility criteria by date: which law's criteria apply to a dossier (domain.md §0, §10).

Each :class:`Criteria` is the rule set of one (award, subject) under one legal regime, with the
instruments it rests on and the period it is in force. :meth:`CriteriaBook.select` picks the
version in force on the date that governs the dossier — its lodging date (ND152 Art.60:
dossiers lodged before 1 July 2025 continue under ND98/2023). A date no version covers — before
the oldest rule tdkt knows, or after a version's ``effective_to`` with no successor (the ND152
sunset, 1 March 2027) — has no criteria in force: :func:`domain.eligibility.evaluate` answers
"not eligible" with a check saying so, never a silent pass. A successor decree is one more
:class:`Criteria` added with :meth:`CriteriaBook.with_version`; the engine does not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from domain.eligibility_model import Check, CheckValue
from domain.eligibility_rules import RuleSet
from domain.legal import LegalBasis
from domain.levels import Subject
from domain.reasons import reason

__all__ = ["Criteria", "CriteriaBook", "CriteriaError", "not_in_force"]


class CriteriaError(ValueError):
    """A criteria table is inconsistent (window outside its bases, overlapping versions)."""


@dataclass(frozen=True)
class Criteria:
    """The criteria of one award for one subject under one legal regime.

    ``effective_to`` is the last day in force (inclusive), None while open-ended. The window
    must lie within every basis in ``bases`` (a rule cannot outlive the article it applies).
    """

    award_code: str
    subject: Subject
    effective_from: date
    effective_to: date | None
    bases: tuple[LegalBasis, ...]
    groups: RuleSet

    def __post_init__(self) -> None:
        key = f"{self.award_code}/{self.subject.value}"
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise CriteriaError(f"{key}: effective_to before effective_from")
        if not self.bases or not self.groups:
            raise CriteriaError(f"{key}: criteria need a legal basis and at least one check")
        for basis in self.bases:
            ends_later = basis.effective_to is None or (
                self.effective_to is not None and self.effective_to <= basis.effective_to
            )
            if basis.effective_from > self.effective_from or not ends_later:
                raise CriteriaError(f"{key}: in force outside {basis.cite()}")

    def in_force(self, on: date) -> bool:
        if on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to

    def cite(self) -> str:
        return "; ".join(basis.cite() for basis in self.bases)

    def applied(self, on: date) -> Check:
        """The check that tells the reader which criteria were applied, and why."""
        days: dict[str, CheckValue] = {"starts": self.effective_from.isoformat()}
        if self.effective_to is not None:
            days["ends"] = self.effective_to.isoformat()
        key = "criteria_applied" if self.effective_to is not None else "criteria_applied_open"
        return reason(
            "criteria_in_force", True, self.cite(), key,
            cite=self.cite(), on=on.isoformat(), **days,
        )  # fmt: skip


def not_in_force(
    award_code: str, subject: Subject, on: date, versions: tuple[Criteria, ...]
) -> Check:
    """The check of a date with no criteria in force, with the nearest versions."""
    before = [v for v in versions if v.effective_to is not None and v.effective_to < on]
    after = [v for v in versions if v.effective_from > on]
    what: dict[str, CheckValue] = {
        "award": award_code, "subject": subject.value, "on": on.isoformat()
    }  # fmt: skip
    rule = "criteria_in_force"
    if before:
        last = max(before, key=lambda v: v.effective_from)
        assert last.effective_to is not None  # selected above
        lapsed = (last.effective_to + timedelta(days=1)).isoformat()
        return reason(
            rule, False, last.cite(), "criteria_lapsed", cite=last.cite(), lapsed=lapsed, **what
        )
    if after:
        first = min(after, key=lambda v: v.effective_from)
        starts = first.effective_from.isoformat()
        return reason(rule, False, first.cite(), "criteria_not_yet", starts=starts, **what)
    return reason(rule, False, "", "criteria_none", **what)


@dataclass(frozen=True)
class CriteriaBook:
    """Every criteria version, by (award, subject); versions of one key never overlap."""

    versions: tuple[Criteria, ...]

    def __post_init__(self) -> None:
        for key in self.pairs():
            spans = sorted(self.of(*key), key=lambda v: v.effective_from)
            for earlier, later in pairwise(spans):
                if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                    raise CriteriaError(
                        f"{key[0]}/{key[1].value}: versions overlap at {later.effective_from}"
                    )

    def pairs(self) -> tuple[tuple[str, Subject], ...]:
        """(award, subject) pairs with criteria, in table order, each once."""
        return tuple(dict.fromkeys((v.award_code, v.subject) for v in self.versions))

    def of(self, award_code: str, subject: Subject) -> tuple[Criteria, ...]:
        return tuple(v for v in self.versions if (v.award_code, v.subject) == (award_code, subject))

    def select(self, award_code: str, subject: Subject, on: date) -> Criteria | None:
        """The version in force on ``on``, or None when no version covers that day."""
        return next((v for v in self.of(award_code, subject) if v.in_force(on)), None)

    def expired(self, on: date) -> tuple[Criteria, ...]:
        """The latest version of each (award, subject) when it ended before ``on``: no
        successor is configured, so eligibility on ``on`` has no criteria (for /readyz)."""
        latest = (max(self.of(*key), key=lambda v: v.effective_from) for key in self.pairs())
        return tuple(v for v in latest if v.effective_to is not None and v.effective_to < on)

    def with_version(self, *added: Criteria) -> CriteriaBook:
        """This book plus ``added`` (a successor decree is data: no engine change)."""
        return CriteriaBook((*self.versions, *added))

    @classmethod
    def of_tables(cls, *tables: Iterable[Criteria]) -> CriteriaBook:
        return cls(tuple(v for table in tables for v in table))
