"""The papers of a dossier: document kinds and which kinds each case requires.

The rules live in ``domain/data/documents.toml`` (first match wins) so that a new decree is a
data change. Sources: Law 06/2022 Art.84, 85; ND152/2025 Art.33, 36-42 (domain.md §3.2).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from domain.legal import LegalBasis

Procedure = Literal["regular", "simplified", "any"]


class DocumentKind(StrEnum):
    """A paper of the dossier (contract §13)."""

    to_trinh = "to_trinh"
    bao_cao_thanh_tich = "bao_cao_thanh_tich"
    bien_ban = "bien_ban"
    xac_nhan_sang_kien = "xac_nhan_sang_kien"
    khac = "khac"


KIND_NAMES_VI: dict[DocumentKind, str] = {
    DocumentKind.to_trinh: "Tờ trình",
    DocumentKind.bao_cao_thanh_tich: "Báo cáo thành tích",
    DocumentKind.bien_ban: "Biên bản họp Hội đồng",
    DocumentKind.xac_nhan_sang_kien: "Xác nhận sáng kiến",
    DocumentKind.khac: "Tài liệu khác",
}


class DocumentRuleError(ValueError):
    """The document rules data is malformed."""


@dataclass(frozen=True)
class DocumentRule:
    awards: frozenset[str]
    levels: frozenset[str]
    procedure: Procedure
    required: tuple[DocumentKind, ...]
    basis: LegalBasis

    def matches(self, award_code: str, level: str, simplified: bool) -> bool:
        wanted = "simplified" if simplified else "regular"
        return (
            (not self.awards or award_code in self.awards)
            and (not self.levels or level in self.levels)
            and self.procedure in (wanted, "any")
        )


@dataclass(frozen=True)
class DocumentsSummary:
    """Required, present and missing kinds, in the order of `DocumentKind`."""

    required: tuple[DocumentKind, ...]
    present: tuple[DocumentKind, ...]
    missing: tuple[DocumentKind, ...]
    basis: LegalBasis


def _kinds(raw: Any, where: str) -> tuple[DocumentKind, ...]:
    if not isinstance(raw, list):
        raise DocumentRuleError(f"{where}: expected a list of kinds")
    try:
        return tuple(DocumentKind(k) for k in raw)
    except ValueError as exc:
        raise DocumentRuleError(f"{where}: {exc}") from None


def _rule(raw: dict[str, Any], index: int) -> DocumentRule:
    where = f"rule[{index}]"
    try:
        basis = raw["basis"]
        end = basis.get("effective_to")
        if not isinstance(basis["effective_from"], date):
            raise DocumentRuleError(f"{where}.basis: effective_from must be a TOML date")
        procedure = raw["procedure"]
        if procedure not in ("regular", "simplified", "any"):
            raise DocumentRuleError(f"{where}: unknown procedure {procedure!r}")
        return DocumentRule(
            awards=frozenset(str(a) for a in raw["awards"]),
            levels=frozenset(str(v) for v in raw["levels"]),
            procedure=procedure,
            required=_kinds(raw["required"], f"{where}.required"),
            basis=LegalBasis(
                str(basis["instrument"]), str(basis["article"]), basis["effective_from"], end
            ),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise DocumentRuleError(f"{where}: missing or malformed {exc}") from None


def parse_rules(toml_text: str) -> tuple[DocumentRule, ...]:
    """Parse rules in the format of ``domain/data/documents.toml``."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentRuleError(f"invalid TOML: {exc}") from None
    raw = data.get("rule", [])
    if not isinstance(raw, list) or not raw:
        raise DocumentRuleError("'rule' must be a non-empty array of tables")
    return tuple(_rule(r, i) for i, r in enumerate(raw))


@lru_cache(maxsize=1)
def default_rules() -> tuple[DocumentRule, ...]:
    text = resources.files("domain").joinpath("data/documents.toml").read_text(encoding="utf-8")
    return parse_rules(text)


def required_rule(
    award_code: str, level: str, simplified: bool, rules: tuple[DocumentRule, ...] | None = None
) -> DocumentRule:
    """The first rule that covers this award, level and procedure."""
    for rule in rules if rules is not None else default_rules():
        if rule.matches(award_code, level, simplified):
            return rule
    raise DocumentRuleError(f"no document rule for {award_code} at {level}")


def documents_summary(
    award_code: str,
    level: str,
    simplified: bool,
    present_kinds: Iterable[str],
    rules: tuple[DocumentRule, ...] | None = None,
) -> DocumentsSummary:
    """Which required papers the dossier has and which it still lacks."""
    rule = required_rule(award_code, level, simplified, rules)
    have = {DocumentKind(k) for k in present_kinds if k in DocumentKind.__members__}
    ordered = tuple(DocumentKind)
    return DocumentsSummary(
        required=tuple(k for k in ordered if k in rule.required),
        present=tuple(k for k in ordered if k in have),
        missing=tuple(k for k in ordered if k in rule.required and k not in have),
        basis=rule.basis,
    )
