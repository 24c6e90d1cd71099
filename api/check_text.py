"""Reasons of checks and council ballots worded for people, in the reader's language.

The domain explains a check with a reason in machine form (:mod:`domain.reasons`): a ``key``
and ``values`` of codes and numbers. Here the key becomes the msgid ``check.<key>`` and each
value words by its name: awards by the catalogue's name, ratings and scopes from the
catalogues, numbers and percentages in the reader's format, citations in words. A check stored
before reasons had keys (or with a key this build does not know) shows its Vietnamese
``detail``, its citations in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from api.domain_text import award_name, polish, subject_name
from api.legal_text import cite
from api.schemas.reference import CheckOut, EligibilityOut
from core import i18n
from core.i18n import _
from domain.eligibility_model import Check, CheckValue
from domain.reasons import VALUE_KINDS


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
        "date": lambda: f"{date.fromisoformat(text):%d/%m/%Y}",
        "cite": lambda: cite(text),
    }
    return words[kind]() if kind in words else text


def reason_text(key: str, values: Mapping[str, CheckValue]) -> str:
    """The sentence of a reason (``key`` must be a msgid ``check.<key>``)."""
    return _(f"check.{key}", **{name: word_value(name, v) for name, v in values.items()})


def check_text(key: str | None, values: Mapping[str, CheckValue] | None, detail: str) -> str:
    """A check's explanation: its reason worded, else its stored Vietnamese ``detail``."""
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
