"""Pydantic's validation errors in the reader's language, from the gettext catalogues.

Pydantic words its errors in English ("String should have at least 10 characters"); people must
never read that. Each error is translated by its ``type`` (msgid ``pydantic.<type>``) with its
``ctx`` values, and prefixed with the field's label (msgid ``field.<name>``). The machine-readable
parts stay: ``field`` (the API's dotted path) and ``code`` (pydantic's error type).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from core import i18n
from core.i18n import _

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


def field_label(path: str) -> str:
    """A person's name for the field ``path``: its last named part, then the row numbers."""
    parts = path.replace("]", "").replace("[", ".").split(".")
    named = [p for p in parts if p and not p.isdigit()]
    rows = [int(p) + 1 for p in parts if p.isdigit()]
    leaf = named[-1] if named else "body"
    msgid = f"field.{leaf}"
    label = _(msgid) if i18n.has(msgid) else _("field.unknown")
    for row in rows:
        label += " " + _("field.row_n", n=row)
    return label


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
        values["expected"] = _QUOTED.sub(_glossed, expected)
    return values


_QUOTED = re.compile(r"'([a-z_]+)'")
# Families of machine values whose words the catalogues hold ('individual' → cá nhân).
GLOSSES = ("kind", "status", "action", "level", "gender", "phase", "role", "outcome")


def _glossed(match: re.Match[str]) -> str:
    """A value the client must send, with its meaning: ``'individual' (cá nhân)``."""
    value = match.group(1)
    for family in GLOSSES:
        msgid = f"{family}.{value}"
        if i18n.has(msgid):
            return f"'{value}' ({_(msgid).lower()})"
    return match.group(0)


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


def translate(err: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic error as ``{"field", "code", "message"}`` in the current language."""
    ctx = err.get("ctx") or {}
    error_type = str(err.get("type", ""))
    path = field_path(err.get("loc", ()))
    if error_type == "text_invalid" and "field" in ctx:
        inner = str(ctx["field"])
        path = inner if path == "body" else f"{path}.{inner}"
    message = _(
        "field.message",
        field=field_label(path),
        message=error_text(error_type, ctx, str(err.get("msg", ""))),
    )
    return {"field": path, "code": error_type, "message": message}


def translate_all(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [translate(err) for err in errors]
