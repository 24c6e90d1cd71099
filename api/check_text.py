"""Reasons of checks and council ballots worded for people, in the reader's language.

The domain explains a check with a reason in machine form (:mod:`domain.reasons`): a ``key``
and ``values`` of codes and numbers. Here the key becomes the msgid ``check.<key>`` and each
value words by its name: awards by the catalogue's name, ratings and scopes from the
catalogues, numbers and percentages in the reader's format, citations in words. A check stored
before reasons had keys (or with a key this build does not know) shows its Vietnamese
``detail``, its citations in words; a register check stored so is read back to its reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from api.domain_text import award_name, polish, subject_name
from api.legal_text import cite
from api.schemas.reference import CheckOut, EligibilityOut
from core import i18n
from core.i18n import _
from domain.catalog import default_catalog
from domain.eligibility_model import Check, CheckValue
from domain.reasons import FREEZE_VI, TEMPLATES, VALUE_KINDS


def _names(codes: list[Any], joiner: str) -> str:
    return joiner.join(award_name(str(code)) for code in codes)


def word_value(name: str, value: CheckValue) -> str:
    """One value of a reason, as its name says (:data:`domain.reasons.VALUE_KINDS`)."""
    kind = VALUE_KINDS.get(name, "text")
    if isinstance(value, list):
        if kind == "years":
            return ", ".join(str(v) for v in value) if value else _("check.no_years")
        return _names(value, _("word.or_join") if kind == "awards_or" else ", ")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "count":
            return i18n.fmt_number(value)
        if kind == "ratio":
            return i18n.fmt_percent(value)
        if kind == "percent":
            return i18n.fmt_percent(value / 100, digits=0)
        return str(value)  # a year: no grouping ("2025", not "2.025")
    text = "" if value is None else str(value)
    words = {
        "rating": lambda: _(f"check.rating.{text}"),
        "scope": lambda: _(f"check.scope.{text}"),
        "award": lambda: award_name(text),
        "subject": lambda: subject_name(text),
        "freeze": lambda: _(f"check.freeze.{text}"),
        "date": lambda: f"{date.fromisoformat(text):%d/%m/%Y}",
        "cite": lambda: cite(text),
    }
    return words[kind]() if kind in words else text


def reason_text(key: str, values: Mapping[str, CheckValue]) -> str:
    """The sentence of a reason (``key`` must be a msgid ``check.<key>``)."""
    return _(f"check.{key}", **{name: word_value(name, v) for name, v in values.items()})


# Register checks stored before they had keys: their sentence is their template's (read back).
_LEGACY_KEYS = (
    "frozen_until", "frozen_open", "counts_from_end", "not_frozen", "already_awarded",
    "not_yet_awarded",
)  # fmt: skip


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template)
    body = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{body}$")


@cache
def _legacy_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((key, _template_pattern(TEMPLATES[key])) for key in _LEGACY_KEYS)


@cache
def _codes_by_vietnamese_name() -> dict[str, str]:
    codes = {name: code for code, name in FREEZE_VI.items()}
    codes.update({rule.name_vi: rule.code for rule in default_catalog()})
    return codes


def _machine_value(name: str, text: str) -> CheckValue:
    """A value read back from a stored Vietnamese sentence, in machine form."""
    kind = VALUE_KINDS.get(name, "text")
    if kind == "date":
        day, month, year = text.split("/")  # dd/mm/yyyy, as the sentence wrote it
        return date(int(year), int(month), int(day)).isoformat()
    if kind == "year":
        return int(text)
    if kind in ("award", "freeze"):
        return _codes_by_vietnamese_name().get(text, text)
    return text


def legacy_reason(detail: str) -> tuple[str, dict[str, CheckValue]] | None:
    """The reason of a register check stored before checks had keys, read from its sentence."""
    for key, pattern in _legacy_patterns():
        if found := pattern.match(detail):
            try:
                return key, {n: _machine_value(n, v) for n, v in found.groupdict().items()}
            except ValueError:
                return None
    return None


def check_text(key: str | None, values: Mapping[str, CheckValue] | None, detail: str) -> str:
    """A check's explanation: its reason worded, else its stored Vietnamese ``detail``."""
    if not key and (legacy := legacy_reason(detail)):
        key, values = legacy
    if key and i18n.has(f"check.{key}"):
        try:
            return reason_text(key, values or {})
        except (KeyError, ValueError):  # a stored reason whose values this build cannot word
            pass
    return polish(detail)


def check_out(check: Check) -> CheckOut:
    """A domain check for the API: worded, its basis in words, its reason kept as data."""
    return CheckOut(
        rule=check.rule,
        met=check.met,
        detail=check_text(check.key, check.values, check.detail),
        basis=cite(check.basis),
        key=check.key or None,
        values=check.values or None,
    )


def worded(result: EligibilityOut | None) -> EligibilityOut | None:
    """A stored eligibility (dossier views) with each check's detail in the reader's language."""
    if result is None:
        return None
    checks = [
        c.model_copy(update={"detail": check_text(c.key, c.values, c.detail)})
        for c in result.checks
    ]
    return result.model_copy(update={"checks": checks})
