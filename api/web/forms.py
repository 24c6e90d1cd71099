"""Turning HTML form posts into the API's request schemas, and errors back into field messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.validation_text import translate_all

MAX_ROWS = 200
NOMINEE_FIELDS = ("name", "position", "kind", "gender", "direct", "rating")


def validation_errors(exc: ValidationError) -> dict[str, str]:
    """``{field: message}`` of a form's validation errors, worded from the catalogues."""
    errors: dict[str, str] = {}
    for err in translate_all(exc.errors()):
        errors.setdefault(err["field"], err["message"])
    return errors


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def nominee_rows(form: FormData) -> list[dict[str, Any]]:
    """The nominee table's rows (``nominees-<i>-<field>``), blank rows dropped."""
    count = int_or_none(text(form, "nominee_count")) or 0
    rows = []
    for i in range(min(count, MAX_ROWS)):
        row: dict[str, Any] = {f: text(form, f"nominees-{i}-{f}") for f in NOMINEE_FIELDS}
        row["direct"] = row["direct"] == "1"
        typed = (form.get(f"nominees-{i}-{f}") for f in ("name", "position"))
        # a row is dropped only when nothing was typed in it; a name of spaces reaches the
        # schema, which refuses it as empty instead of losing the nominee silently
        if any(isinstance(v, str) and v for v in typed):
            rows.append(row)
    return rows


def nominee_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "kind": row["kind"] or "individual",
        "name": row["name"],
        "position": row["position"] or None,
        "gender": row["gender"] or None,
        "is_direct_worker": bool(row["direct"]),
    }


def vote_payload(form: FormData) -> dict[str, Any] | None:
    fields = ("members_total", "present", "in_favor")
    values = {f: text(form, f) for f in fields}
    if not any(values.values()):
        return None
    return {f: int_or_none(v) if v else None for f, v in values.items()}
