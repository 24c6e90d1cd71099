"""Parsing of the award catalogue TOML (``domain/data/awards.toml``) into :class:`AwardRule`s."""

from __future__ import annotations

import tomllib
from datetime import date
from itertools import pairwise
from typing import Any

from domain.catalog import AwardRule, CatalogError, RuleVersion
from domain.legal import LegalBasis
from domain.levels import DecidingLevel, Subject
from domain.route_plan import DECIDER_KEYS

AWARD_TYPES = ("regular", "thematic", "ad_hoc", "career", "foreign")

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
_OPTIONAL = (
    "ballot_threshold",
    "collective_coefficient",
    "household_coefficient",
    "ballot_basis",
    "deciders",
    "proposers",
    "quorum",
    "central_council",
    "award_types",
    "version",
    "conferral",
)
_VERSION_KEYS = frozenset(
    {
        "effective_from",
        "effective_to",
        "basis",
        "ballot_basis",
        "ballot_threshold",
        "bonus_coefficient",
        "collective_coefficient",
        "household_coefficient",
        "public_posting",
    }
)


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
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None


def _number(raw: Any, where: str, *, optional: bool = False) -> float | None:
    if raw is None and optional:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise CatalogError(f"{where}: expected a non-negative number, got {raw!r}")
    return float(raw)


def _share(raw: Any, where: str) -> float | None:
    value = _number(raw, where, optional=True)
    if value is not None and not 0 < value <= 1:
        raise CatalogError(f"{where}: must be in (0, 1]")
    return value


def _strings(raw: Any, where: str, allowed: frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x in allowed for x in raw):
        raise CatalogError(f"{where}: expected a list of {sorted(allowed)}, got {raw!r}")
    return tuple(raw)


def _proposers(raw: Any, where: str) -> tuple[str, ...]:
    """Proposer keys: an org kind or level, or ``kind/parent`` (a unit under such an org)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise CatalogError(f"{where}: expected a non-empty list of org kinds or levels")
    for key in raw:
        parts = key.split("/") if isinstance(key, str) else []
        if not 1 <= len(parts) <= 2 or not all(p in DECIDER_KEYS for p in parts):
            raise CatalogError(f"{where}: {key!r} is not an org kind or level (or kind/parent)")
    return tuple(raw)


def _version(raw: Any, where: str) -> RuleVersion:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected a table")
    unknown = set(raw) - _VERSION_KEYS
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    start, end = raw.get("effective_from"), raw.get("effective_to")
    if not isinstance(start, date) or not (end is None or isinstance(end, date)):
        raise CatalogError(f"{where}: effective_from/effective_to must be TOML dates")
    if end is not None and end < start:
        raise CatalogError(f"{where}: effective_to before effective_from")
    posting = raw.get("public_posting")
    if posting is not None and not isinstance(posting, bool):
        raise CatalogError(f"{where}.public_posting: expected true or false")
    return RuleVersion(
        effective_from=start,
        effective_to=end,
        basis=None if "basis" not in raw else _basis(raw["basis"], f"{where}.basis"),
        ballot_basis=None
        if "ballot_basis" not in raw
        else _basis(raw["ballot_basis"], f"{where}.ballot_basis"),
        ballot_threshold=_share(raw.get("ballot_threshold"), f"{where}.ballot_threshold"),
        bonus_coefficient=_number(raw.get("bonus_coefficient"), where, optional=True),
        collective_coefficient=_number(raw.get("collective_coefficient"), where, optional=True),
        household_coefficient=_number(raw.get("household_coefficient"), where, optional=True),
        public_posting=posting,
    )


def _versions(raw: Any, where: str) -> tuple[RuleVersion, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CatalogError(f"{where}: expected an array of tables")
    versions = tuple(_version(v, f"{where}[{i}]") for i, v in enumerate(raw))
    spans = sorted(versions, key=lambda v: v.effective_from)
    for earlier, later in pairwise(spans):
        if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
            raise CatalogError(f"{where}: versions overlap at {later.effective_from}")
    return versions


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
    if raw.get("conferral", "recognition") not in ("recognition", "gift"):
        raise CatalogError(f"{where}: conferral must be 'recognition' or 'gift'")
    try:
        subjects = tuple(Subject(s) for s in raw["subjects"])
        deciding = DecidingLevel(raw["deciding_level"])
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None
    if not subjects:
        raise CatalogError(f"{where}: no subjects")
    ballot_basis = raw.get("ballot_basis")
    return AwardRule(
        code=code,
        name_vi=str(raw["name_vi"]),
        name_en=str(raw["name_en"]),
        category=raw["category"],
        subjects=subjects,
        deciding_level=deciding,
        ballot_threshold=_share(raw.get("ballot_threshold"), f"{where}.ballot_threshold"),
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
        deciders=_strings(raw.get("deciders"), f"{where}.deciders", DECIDER_KEYS),
        proposers=_proposers(raw.get("proposers"), f"{where}.proposers"),
        quorum=_share(raw.get("quorum"), f"{where}.quorum"),
        central_council=bool(raw.get("central_council", False)),
        award_types=_strings(raw.get("award_types"), f"{where}.award_types", AWARD_TYPES),
        versions=_versions(raw.get("version"), f"{where}.version"),
        conferral=raw.get("conferral"),
    )


def parse_rules(toml_text: str) -> dict[str, AwardRule]:
    """The rules of a catalogue document, keyed by code, in file order."""
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
    return rules
