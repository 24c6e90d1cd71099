"""A JSON request body checked as a whole before FastAPI parses it: one place for what no field
type can see.

The request middleware calls `json_fault` on every buffered body FastAPI will read as JSON. It
refuses, with a 4xx naming the field (worded by the gettext catalogues):

* bytes that are not UTF-8 (400, with the line and column of the first bad byte),
* a syntax error (400, the line and column in the body; no parser English),
* nesting deeper than any request of the API needs (400, the field where it goes too deep),
* a key that is not text (lone surrogate, control character, non-character; 422), and
* a key given twice in one object (422): JSON parsers disagree on which value wins, so the
  body is ambiguous and nothing is done, and
* an integer with more digits than Python converts (``sys.get_int_max_str_digits()``, 4300; 422
  naming the field): the parser would raise, and no field of the API takes such a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from api.schemas.text import char_problem, key_text
from api.validation_text import field_label
from core.i18n import _

MAX_DEPTH = 32  # the deepest request body of the API nests 4 levels
# A fault found before the app runs waits in the request's scope under this key while the body
# FastAPI reads is `STAND_IN`, which no request model takes: the route's dependencies (the
# caller's role first) run, then its body fails and `api.errors` answers the fault instead.
BODY_FAULT = "tdkt.body_fault"
STAND_IN = b'"body_fault"'
JSON_TYPES = ("application/json",)


@dataclass(frozen=True)
class BodyFault:
    status: int
    field: str
    code: str  # machine-readable, like pydantic's error types
    message: str  # the whole sentence, label included

    def as_error(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


class _Object(dict[str, Any]):
    """A JSON object that remembers the first key it saw twice."""

    repeated: str | None = None


class _HugeInt:
    """Stands for a JSON integer too long to convert; `_walk` names where it sits."""


HUGE_INT = _HugeInt()


def _int(text: str) -> int | _HugeInt:
    try:
        return int(text)
    except ValueError:  # over the interpreter's digit limit (CVE-2020-10735)
        return HUGE_INT


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    for key, value in pairs:
        if key in obj and obj.repeated is None:
            obj.repeated = key
        obj[key] = value
    return obj


def is_json(content_type: str | None) -> bool:
    """True when FastAPI will parse the body as JSON (no Content-Type, or a JSON one)."""
    if not content_type:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media in JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))


def _position(text: str | bytes, offset: int) -> tuple[int, int]:
    before = text[:offset]
    newline = "\n" if isinstance(before, str) else b"\n"
    line = before.count(newline) + 1  # type: ignore[arg-type]
    column = offset - (before.rfind(newline) + 1)  # type: ignore[arg-type]
    return line, column + 1


def _fault(status: int, field: str, code: str, message: str) -> BodyFault:
    label = field_label(field)
    return BodyFault(status, field, code, _("field.message", field=label, message=message))


def _walk(value: Any) -> BodyFault | None:
    """The first repeated or non-text key, or nesting too deep, anywhere in `value`."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return _fault(400, path or "body", "json_too_deep", _("json.too_deep", limit=MAX_DEPTH))
        if item is HUGE_INT:
            return _fault(422, path or "body", "int_parsing_size", _("pydantic.int_parsing_size"))
        if isinstance(item, dict):
            children = []
            for key, child in item.items():
                where = f"{path}.{key_text(key)}" if path else key_text(key)
                reason = char_problem(key)
                if reason is not None:
                    return _fault(422, where, "text_invalid", reason)
                children.append((child, where, depth + 1))
            if isinstance(item, _Object) and item.repeated is not None:
                where = key_text(item.repeated)
                where = f"{path}.{where}" if path else where
                return _fault(422, where, "json_repeated_key", _("json.repeated_key"))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend((c, f"{path}[{i}]", depth + 1) for i, c in reversed(list(enumerate(item))))
    return None


def json_fault(body: bytes) -> BodyFault | None:
    """Why `body` cannot be taken as the request's JSON, or None when it is sound."""
    if not body.strip():
        return None  # FastAPI answers a missing body itself
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, column = _position(body, exc.start)
        return _fault(400, "body", "json_not_utf8", _("json.not_utf8", line=line, column=column))
    try:
        parsed = json.loads(text, object_pairs_hook=_pairs, parse_int=_int)
    except json.JSONDecodeError as exc:
        return _fault(
            400, "body", "json_invalid", _("json.syntax", line=exc.lineno, column=exc.colno)
        )
    except RecursionError:
        return _fault(400, "body", "json_too_deep", _("json.too_deep", limit=MAX_DEPTH))
    return _walk(parsed)
