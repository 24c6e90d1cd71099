"""Decision numbers typed by a chair (contract §11; ND30/2020 Appendix I "số, ký hiệu").

A decision number is ``<seq>/<symbol>``: ``seq`` the order of the body's documents in the
calendar year (from 01 on 1 January), ``symbol`` the kind of document plus the issuing body
(``QĐ-UBND``, ``QĐ-TTg``, ``QĐ-CTN``, ``QĐ-BNV``…). tdkt allocates ``<seq>/QĐ-<doc_symbol>``
from the body's yearly sequence (``store.repositories.decisions``); a number typed in must have
the same shape and the body's own symbol, written the way tdkt writes it, so that
`` 2/qđ-ubnd `` and ``02/QĐ-UBND`` are the same number as ``2/QĐ-UBND`` for uniqueness.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

DECISION_KIND = "QĐ"
MAX_SEQ = 999_999  # no body issues a million documents in a year
_SHAPE = re.compile(r"(\d{1,21})\s*/\s*(\S+)")


@dataclass(frozen=True)
class DecisionNumberError(ValueError):
    """A typed number or date is refused; ``code`` and ``values`` word it."""

    field: str
    code: str
    values: dict[str, str] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.field}: {self.code} {self.values}"


def symbol_of(doc_symbol: str) -> str:
    """The full symbol of a body's decisions: ``QĐ-UBND`` for ``UBND``."""
    return f"{DECISION_KIND}-{doc_symbol}"


def split_number(text: str, example_symbol: str = f"{DECISION_KIND}-UBND") -> tuple[int, str]:
    """``(seq, symbol)`` of a number of the shape ``<seq>/<symbol>`` (trimmed, NFC; the symbol
    holds a letter), or :class:`DecisionNumberError` (``example_symbol`` words its example).

    The one shape check of every typed decision number: the decide path's (whose symbol must
    then be the deciding body's own) and the award registry's (any issuing body's)."""
    value = unicodedata.normalize("NFC", text).strip()
    match = _SHAPE.fullmatch(value)
    if match is None or not any(c.isalpha() for c in match.group(2)):
        raise DecisionNumberError("decision_number", "shape", {"symbol": example_symbol})
    seq = int(match.group(1))
    if not 1 <= seq <= MAX_SEQ:
        raise DecisionNumberError(
            "decision_number", "sequence", {"max": f"{MAX_SEQ}", "symbol": example_symbol}
        )
    return seq, match.group(2)


def registry_number(text: str) -> str:
    """A past decision's number as the registry keeps it: ``<seq>/<symbol>`` with the
    sequence's leading zeros and the spaces around ``/`` dropped, the symbol as typed (the
    issuing body is any body's); :class:`DecisionNumberError` for another shape."""
    seq, symbol = split_number(text)
    return f"{seq}/{symbol}"


def normalise_number(text: str, doc_symbol: str) -> str:
    """``text`` as tdkt writes it (``"2/QĐ-UBND"``), or :class:`DecisionNumberError`.

    Trimmed, NFC, leading zeros of the sequence dropped, the symbol matched without regard to
    case and written as the body's own; a symbol of another body is refused.
    """
    expected = symbol_of(doc_symbol)
    seq, symbol = split_number(text, expected)
    if symbol.casefold() != expected.casefold():
        raise DecisionNumberError(
            "decision_number", "symbol", {"given": symbol[:40], "symbol": expected}
        )
    return f"{seq}/{expected}"


def check_decision_date(on: date, today: date, submitted_on: date | None) -> None:
    """A decision is dated no later than today (Vietnam) and not before the dossier's
    submission."""
    if on > today:
        raise DecisionNumberError("decision_date", "future", {"today": today.isoformat()})
    if submitted_on is not None and on < submitted_on:
        raise DecisionNumberError(
            "decision_date", "before_submission", {"submitted": submitted_on.isoformat()}
        )
