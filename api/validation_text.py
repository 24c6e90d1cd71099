"""Pydantic's validation errors in the reader's language, from the gettext catalogues.

Pydantic words its errors in English ("String should have at least 10 characters"); people must
never read that. Each error is translated by its ``type`` (msgid ``pydantic.<type>``) with its
``ctx`` values, and prefixed with the field's label (:mod:`api.field_labels`). The machine-readable
parts stay: ``field`` (the API's dotted path) and ``code`` (pydantic's error type).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from api.field_labels import field_label, gloss, labelled
from core import i18n
from core.i18n import _

__all__ = ["error_text", "field_label", "field_path", "labelled", "translate", "translate_all"]

LOCATIONS = ("body", "query", "path", "header", "form", "cookie")
GENERIC = "pydantic.generic"


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "nominees", 0, "name")`` → ``nominees[0].name`` (the API's field naming)."""
    name = ""
    for part in loc:
        if part in LOCATIONS and not name:
            continue
        text = str(part)
        if isinstance(part, int) or text.isdigit():
            name += f"[{text}]"
        else:
            name += f".{text}" if name else text
    return name or "body"


class _Values(dict[str, str]):
    """Formatting values; a placeholder without a value shows as nothing rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def _ctx_values(ctx: Mapping[str, Any]) -> _Values:
    values = _Values()
    for key, value in ctx.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) < 10_000:
            text = str(value)  # years and small counts read without grouping
        else:
            text = i18n.fmt_number(value)
        values[key] = text
    if "expected" in values:
        expected = values["expected"].replace(" or ", " " + _("word.or") + " ")
        values["expected"] = _glossed_choices(expected)
    return values


_QUOTED = re.compile(r"'([A-Za-z_]+)'")


def _glossed_choices(expected: str) -> str:
    """The choices a client may send, each with its meaning: ``'individual' (cá nhân)``."""
    words = gloss(_QUOTED.findall(expected))

    def one(match: re.Match[str]) -> str:
        value = match.group(1)
        return f"'{value}' ({words[value].lower()})" if value in words else match.group(0)

    return _QUOTED.sub(one, expected)


# pydantic words a length limit of a value it could not type exactly (``Text | None``) as
# "items"; for a string the limit counts characters.
_STRING_ERRORS = {"too_long": "string_too_long", "too_short": "string_too_short"}


def error_type_of(err: Mapping[str, Any]) -> str:
    """The error's type; a length limit on a string is about characters, whatever pydantic says."""
    error_type = str(err.get("type", ""))
    if isinstance(err.get("input"), str):
        return _STRING_ERRORS.get(error_type, error_type)
    return error_type


def error_text(error_type: str, ctx: Mapping[str, Any] | None, msg: str = "") -> str:
    """The sentence for one pydantic error (without the field's label)."""
    ctx = ctx or {}
    if error_type == "text_invalid":  # our own text rules: the reason is already worded
        return str(ctx.get("reason", "")) or msg or _(GENERIC)
    if error_type == "value_error" and isinstance(ctx.get("error"), ValueError):
        return str(ctx["error"])  # our schemas' validators raise already-worded ValueErrors
    msgid = f"pydantic.{error_type}"
    if not i18n.has(msgid):
        msgid = GENERIC
    return i18n.raw(msgid) % _ctx_values(ctx)


def translate(err: Mapping[str, Any], model: Any = None) -> dict[str, str]:
    """One pydantic error as ``{"field", "code", "message"}`` in the current language; `model`
    (the body's model class, or its name) picks labels that depend on where a field sits."""
    ctx = err.get("ctx") or {}
    error_type = error_type_of(err)
    path = field_path(err.get("loc", ()))
    if error_type == "text_invalid" and "field" in ctx:
        inner = str(ctx["field"])
        path = inner if path == "body" else f"{path}.{inner}"
    if error_type == "int_strict" and "index" in ctx:  # an item of a list of integers
        path += f"[{ctx['index']}]"
    message = labelled(
        field_label(path, model), error_text(error_type, ctx, str(err.get("msg", "")))
    )
    return {"field": path, "code": error_type, "message": message}


def translate_all(errors: Sequence[Mapping[str, Any]], model: Any = None) -> list[dict[str, str]]:
    return [translate(err, model) for err in errors]


# python-multipart's and Starlette's English reasons, by a word each contains.
_MULTIPART = (
    ("boundary", "Content-Type", "multipart.no_boundary"),
    ("header", "body", "multipart.header_too_long"),
    ("maximum", "body", "multipart.too_big"),
    ("too many", "body", "multipart.too_big"),
    ("name", "body", "multipart.no_name"),
)


def body_parse_problem(reason: str) -> dict[str, str]:
    """A body the parser could not read (multipart, form), as a field error in our words: the
    parser's English `reason` only picks the sentence."""
    lowered = reason.lower()
    field, msgid = next(((f, m) for word, f, m in _MULTIPART if word in lowered), ("body", ""))
    message = _(msgid) if msgid else _("multipart.malformed")
    worded = _("field.message", field=field_label(field), message=message)
    return {"field": field, "code": "body_unreadable", "message": worded}
