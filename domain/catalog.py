"""Award catalogue: codes, deciding levels, ballot, posting and bonus coefficients.

The data lives in ``domain/data/awards.toml`` so that the next decree is a data change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Literal, TypeVar

from domain.legal import LegalBasis
from domain.levels import DecidingLevel, Subject

Category = Literal["title", "form"]
# How a decision confers the award: a title is recognised ("công nhận danh hiệu"), a form given
# ("tặng"); an emulation flag, a title by law, is given (see ``AwardRule.recognised``).
Conferral = Literal["recognition", "gift"]
_T = TypeVar("_T")

# Multipliers of the individual amount (ND152 Art.51.2, 54.2-3; domain.md §4).
COLLECTIVE_MULTIPLIER = Decimal(2)
HOUSEHOLD_MULTIPLIER = Decimal("1.5")


class UnknownAward(KeyError):
    """The award code is not in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"unknown award code {self.code!r}"


class CatalogError(ValueError):
    """The catalogue data is malformed."""


@dataclass(frozen=True)
class RuleVersion:
    """An award rule under another instrument for a period: only the fields that differ.

    Earlier decrees (ND98/2023 for dossiers lodged before 1 July 2025, ND152 Art.60) and
    successors (the decree replacing ND152 after its sunset) are data, not code.
    """

    effective_from: date
    effective_to: date | None = None
    basis: LegalBasis | None = None
    ballot_basis: LegalBasis | None = None
    ballot_threshold: float | None = None
    bonus_coefficient: float | None = None
    collective_coefficient: float | None = None
    household_coefficient: float | None = None
    public_posting: bool | None = None

    def in_force(self, day: date) -> bool:
        if day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to

    def apply(self, rule: AwardRule) -> AwardRule:
        """``rule`` with this version's fields in place of its own."""

        def pick(mine: _T | None, theirs: _T) -> _T:
            return theirs if mine is None else mine

        return replace(
            rule,
            basis=pick(self.basis, rule.basis),
            ballot_basis=pick(self.ballot_basis, rule.ballot_basis),
            ballot_threshold=pick(self.ballot_threshold, rule.ballot_threshold),
            bonus_coefficient=pick(self.bonus_coefficient, rule.bonus_coefficient),
            collective_coefficient=pick(self.collective_coefficient, rule.collective_coefficient),
            household_coefficient=pick(self.household_coefficient, rule.household_coefficient),
            public_posting=pick(self.public_posting, rule.public_posting),
            versions=(),
        )


@dataclass(frozen=True)
class AwardRule:
    """One emulation title or commendation form."""

    code: str
    name_vi: str
    name_en: str
    category: Category
    subjects: tuple[Subject, ...]
    deciding_level: DecidingLevel
    ballot_threshold: float | None
    public_posting: bool
    bonus_coefficient: float
    collective_coefficient: float | None
    household_coefficient: float | None
    basis: LegalBasis
    ballot_basis: LegalBasis | None = None
    deciders: tuple[str, ...] = ()  # org kinds / levels competent to decide (domain.routes)
    # who may propose it (domain.proposers): org kinds / levels, or "kind/parent" for a unit
    # directly under an org of that key; empty: any org the route leads from
    proposers: tuple[str, ...] = ()
    quorum: float | None = None  # share of members present a council needs (None: 2/3)
    central_council: bool = False  # the national council votes at central (ND152 Art.36, 41)
    award_types: tuple[str, ...] = ()  # allowed award types (empty: by category)
    versions: tuple[RuleVersion, ...] = ()  # the rule under other instruments, by period
    conferral: Conferral | None = None  # None: by category

    @property
    def recognised(self) -> bool:
        """Whether a decision recognises it ("công nhận danh hiệu …") rather than gives it
        ("tặng …"): an emulation title does, unless the catalogue says it is given."""
        if self.conferral is not None:
            return self.conferral == "recognition"
        return self.category == "title"

    def on(self, day: date) -> AwardRule:
        """The rule as in force on ``day``: the version covering it, else this one."""
        for version in self.versions:
            if version.in_force(day):
                return version.apply(self)
        return replace(self, versions=()) if self.versions else self

    def bases(self) -> tuple[LegalBasis, ...]:
        """Every legal basis this rule rests on."""
        return (self.basis,) if self.ballot_basis is None else (self.basis, self.ballot_basis)

    def expired_on(self, day: date) -> tuple[LegalBasis, ...]:
        """Bases of the rule in force on ``day`` that ended before it (no successor given).

        Deciding still works; the caller shows these as expired (and /readyz warns).
        """
        current = self.on(day)
        return tuple(
            b for b in current.bases() if b.effective_to is not None and b.effective_to < day
        )

    def allows(self, subject: Subject) -> bool:
        """True when the award can be given to ``subject``."""
        return subject in self.subjects

    def coefficient_for(self, subject: Subject) -> float:
        """Bonus coefficient (× base salary) for ``subject``.

        Collectives get ×2 and households ×1.5 of the individual coefficient unless the data
        gives their own; titles reserved to collectives (or households) carry their own
        coefficient in ``bonus_coefficient``.
        """
        return float(self.coefficient_decimal(subject))

    def coefficient_decimal(self, subject: Subject) -> Decimal:
        """Exact coefficient as a Decimal (see :meth:`coefficient_for`)."""
        if not self.allows(subject):
            raise ValueError(f"{self.code} is not awarded to a {subject.value}")
        own = Decimal(str(self.bonus_coefficient))
        if subject is Subject.individual:
            return own
        individual = Subject.individual in self.subjects
        if subject is Subject.collective:
            if self.collective_coefficient is not None:
                return Decimal(str(self.collective_coefficient))
            return own * COLLECTIVE_MULTIPLIER if individual else own
        if self.household_coefficient is not None:
            return Decimal(str(self.household_coefficient))
        return own * HOUSEHOLD_MULTIPLIER if individual else own


@dataclass(frozen=True)
class Catalog:
    """An immutable set of award rules keyed by code."""

    rules: Mapping[str, AwardRule]

    def get(self, code: str) -> AwardRule:
        try:
            return self.rules[code]
        except KeyError:
            raise UnknownAward(code) from None

    def codes(self) -> tuple[str, ...]:
        return tuple(self.rules)

    def all(self) -> tuple[AwardRule, ...]:
        return tuple(self.rules.values())

    def __contains__(self, code: object) -> bool:
        return code in self.rules

    def __iter__(self) -> Iterator[AwardRule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def expired(self, on: date) -> tuple[tuple[str, LegalBasis], ...]:
        """(award code, basis) of every rule whose basis in force on ``on`` has ended.

        A rule past its ``effective_to`` with no successor version still decides; this list is
        what /readyz reports as a warning.
        """
        return tuple((rule.code, basis) for rule in self for basis in rule.expired_on(on))


def parse_catalog(toml_text: str) -> Catalog:
    """Parse a catalogue in the format of ``domain/data/awards.toml``."""
    from domain.catalog_data import parse_rules

    return Catalog(parse_rules(toml_text))


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The packaged catalogue (``domain/data/awards.toml``)."""
    text = resources.files("domain").joinpath("data/awards.toml").read_text(encoding="utf-8")
    return parse_catalog(text)


def name_vi(code: str) -> str:
    """The Vietnamese name of an award of the packaged catalogue (the code if it has none)."""
    catalog = default_catalog()
    return catalog.get(code).name_vi if code in catalog else code
