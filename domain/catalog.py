"""Award catalogue: codes, deciding levels, ballot, posting and bonus coefficients.

The data lives in ``domain/data/awards.toml`` so that the next decree is a data change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from domain.legal import LegalBasis
from domain.levels import DecidingLevel, Subject

Category = Literal["title", "form"]

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


_REQUIRED = (
    "code",
    "name_vi",
    "name_en",
    "category",
    "subjects",
    "deciding_level",
    "public_posting",
    "bonus_coefficient",
    "basis",
)
_OPTIONAL = ("ballot_threshold", "collective_coefficient", "household_coefficient", "ballot_basis")


def _basis(raw: Any, where: str) -> LegalBasis:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected a table")
    try:
        start, end = raw["effective_from"], raw.get("effective_to")
        if not isinstance(start, date) or not (end is None or isinstance(end, date)):
            raise CatalogError(f"{where}: effective dates must be TOML dates")
        return LegalBasis(str(raw["instrument"]), str(raw["article"]), start, end)
    except KeyError as exc:
        raise CatalogError(f"{where}: missing {exc.args[0]}") from None


def _number(raw: Any, where: str, *, optional: bool = False) -> float | None:
    if raw is None and optional:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise CatalogError(f"{where}: expected a non-negative number, got {raw!r}")
    return float(raw)


def _rule(raw: dict[str, Any], index: int) -> AwardRule:
    where = f"award[{index}]"
    unknown = set(raw) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise CatalogError(f"{where}: missing {missing}")
    code = str(raw["code"])
    where = f"award {code}"
    if raw["category"] not in ("title", "form"):
        raise CatalogError(f"{where}: category must be 'title' or 'form'")
    try:
        subjects = tuple(Subject(s) for s in raw["subjects"])
        deciding = DecidingLevel(raw["deciding_level"])
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None
    if not subjects:
        raise CatalogError(f"{where}: no subjects")
    threshold = _number(raw.get("ballot_threshold"), f"{where}.ballot_threshold", optional=True)
    if threshold is not None and not 0 < threshold <= 1:
        raise CatalogError(f"{where}.ballot_threshold: must be in (0, 1]")
    ballot_basis = raw.get("ballot_basis")
    return AwardRule(
        code=code,
        name_vi=str(raw["name_vi"]),
        name_en=str(raw["name_en"]),
        category=raw["category"],
        subjects=subjects,
        deciding_level=deciding,
        ballot_threshold=threshold,
        public_posting=bool(raw["public_posting"]),
        bonus_coefficient=_number(raw["bonus_coefficient"], f"{where}.bonus_coefficient") or 0.0,
        collective_coefficient=_number(
            raw.get("collective_coefficient"), f"{where}.collective_coefficient", optional=True
        ),
        household_coefficient=_number(
            raw.get("household_coefficient"), f"{where}.household_coefficient", optional=True
        ),
        basis=_basis(raw["basis"], f"{where}.basis"),
        ballot_basis=None if ballot_basis is None else _basis(ballot_basis, f"{where}.ballot"),
    )


def parse_catalog(toml_text: str) -> Catalog:
    """Parse a catalogue in the format of ``domain/data/awards.toml``."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"invalid TOML: {exc}") from None
    awards = data.get("award", [])
    if not isinstance(awards, list):
        raise CatalogError("'award' must be an array of tables")
    rules: dict[str, AwardRule] = {}
    for index, raw in enumerate(awards):
        rule = _rule(raw, index)
        if rule.code in rules:
            raise CatalogError(f"duplicate award code {rule.code}")
        rules[rule.code] = rule
    return Catalog(rules)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The packaged catalogue (``domain/data/awards.toml``)."""
    text = resources.files("domain").joinpath("data/awards.toml").read_text(encoding="utf-8")
    return parse_catalog(text)
