"""Text is text: the one place that decides which strings the API accepts.

Every string that reaches tdkt (JSON bodies, query parameters, form fields of the web UI) goes
through `clean_text`: it is normalised to NFC and refused (422, field named, Vietnamese first)
when it holds

* a lone surrogate or a Unicode non-character (not text at all; PostgreSQL would reject some),
* a control character (C0, DEL, C1: NUL is what PostgreSQL refuses outright). Multi-line fields
  (summaries, comments, objection contents) keep newline and tab; ``\\r\\n`` and ``\\r`` become
  ``\\n``. Single-line fields also refuse line and paragraph separators,
* a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), which would
  reorder what a name shows,
* only invisible or space-like characters (zero-width spaces, NBSP, U+3000, Hangul fillers,
  lone combining marks, ...) when it is not empty: such a value is empty in disguise.

Use the Annotated types: `Text` for one-line values, `MultilineText` for free text, `Secret` for
passwords (not normalised: compared byte for byte, but still no control characters).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from core.i18n import _

# Letters that render as nothing: Hangul fillers, Mongolian vowel separator, Braille blank,
# Khmer inherent vowels, combining grapheme joiner.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u180e\u2800\u17b4\u17b5\u034f")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Zs", "Zl", "Zp"})
_MULTILINE_ALLOWED = frozenset("\n\t")
# Bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they
# reorder what a name shows ("Trojan Source") on pages, papers and certificates.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _bad_char(char: str, *, multiline: bool) -> str | None:
    """The msgid of why `char` may not appear in a text field, or None when it may."""
    category = unicodedata.category(char)
    code = ord(char)
    if category == "Cs":
        return "text.surrogate"
    if _is_noncharacter(code):
        return "text.noncharacter"
    if category == "Cc" and not (multiline and char in _MULTILINE_ALLOWED):
        return "text.control"
    if category in ("Zl", "Zp") and not multiline:
        return "text.line_separator"
    if char in _BIDI_CONTROLS:
        return "text.bidi_control"
    return None


def is_blank(value: str) -> bool:
    """True when nothing visible is left: only spaces, invisible or combining characters."""
    return all(
        c.isspace() or c in _BLANK_LOOKING or unicodedata.category(c) in _INVISIBLE_CATEGORIES
        for c in value
    )


def char_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why a character of `value` is not text, in the reader's language, or None.

    Blank values pass: this is the rule for keys, query and path parameters, where an empty or
    space-only value means "no filter" rather than a disguised empty answer."""
    for char in value:
        reason = _bad_char(char, multiline=multiline)
        if reason is not None:
            return _("text.not_allowed", what=_(reason), code=f"U+{ord(char):04X}")
    return None


def key_text(key: str) -> str:
    """`key` fit to name a field in an answer: characters that are not text as ``\\uXXXX``."""
    if all(_bad_char(c, multiline=False) is None for c in key):
        return key
    return "".join(c if _bad_char(c, multiline=False) is None else f"\\u{ord(c):04x}" for c in key)


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` is refused, in the reader's language (:mod:`core.i18n`), or None."""
    reason = char_problem(value, multiline=multiline)
    if reason is not None:
        return reason
    if value and is_blank(value):
        return _("text.blank")
    return None


def clean_text(value: str, *, multiline: bool = False, normalise: bool = True) -> str:
    """`value` normalised (NFC, newlines), or a pydantic error naming what is wrong."""
    if normalise and not any(unicodedata.category(c) == "Cs" for c in value):
        value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    reason = text_problem(value, multiline=multiline)
    if reason is not None:
        raise PydanticCustomError("text_invalid", reason)
    return value


def _single_line(value: str) -> str:
    return clean_text(value)


def _multi_line(value: str) -> str:
    return clean_text(value, multiline=True)


def _secret(value: str) -> str:
    return clean_text(value, normalise=False)


Text = Annotated[str, AfterValidator(_single_line)]
MultilineText = Annotated[str, AfterValidator(_multi_line)]
Secret = Annotated[str, AfterValidator(_secret)]


def first_bad_string(value: Any, path: str = "") -> tuple[str, str] | None:
    """(field path, reason) of the first string anywhere in `value` that is not even text.

    The safety net under the field types: NUL, other control characters than newline/tab/CR,
    lone surrogates and non-characters are refused wherever they appear (dictionary keys too),
    even in a field someone forgot to type as `Text`.
    """
    if isinstance(value, str):
        for char in value:
            if char in "\r" or _bad_char(char, multiline=True) is None:
                continue
            return path or "body", text_problem(char, multiline=True) or ""
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key_text(str(key))}" if path else key_text(str(key))
            found = first_bad_string(key, where) or first_bad_string(item, where)
            if found:
                return found
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = first_bad_string(item, f"{path}[{index}]")
            if found:
                return found
    return None
