"""Turning HTML form posts into the API's request schemas, and errors back into field messages."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.errors import AppError, Invalid
from api.field_labels import Labelled
from api.schemas.reference import YEARS
from api.validation_text import error_text, error_type_of, field_label, translate
from core.i18n import _

MAX_ROWS = 200
NOMINEE_FIELDS = (
    "name",
    "position",
    "kind",
    "gender",
    "direct",
    "rating",
    "birth_date",
    "identity_number",
    "initiative_ids",
    "ethnic",
)  # fmt: skip  (`ethnic`: a hidden cell, kept for a nominee of an ethnic minority)
# the row's cells that, typed, keep the row (the others have defaults the form fills in)
TYPED_FIELDS = ("name", "position", "birth_date", "identity_number", "initiative_ids")
# the initiatives a row cites: register numbers separated by commas, semicolons or spaces
INITIATIVE_SEPARATORS = re.compile(r"[,;\s]+")


def validation_errors(
    exc: ValidationError, labels: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``{field: message}`` of a form's validation errors, worded from the catalogues; a field
    the form labels (``labels``: API field → the form's own label, already worded) is named by
    that label, once."""
    errors: dict[str, str] = {}
    for err in exc.errors():
        worded = translate(err, exc.title)
        field = worded["field"]
        label = (labels or {}).get(field)
        if label is None:
            errors.setdefault(field, worded["message"])
            continue
        errors.setdefault(field, _("field.message", field=label, message=_bare(err)))
    return errors


def _bare(err: Any) -> str:
    """One error's sentence without a label; a count of items in proper singular or plural."""
    ctx = err.get("ctx") or {}
    kind = error_type_of(err)  # a string's limit counts characters, not items
    if kind in ("too_short", "too_long"):
        limit = int(ctx.get("min_length" if kind == "too_short" else "max_length", 0))
        form = "one" if limit == 1 else "other"
        return _(f"form.{kind}.{form}", n=limit, actual=ctx.get("actual_length", 0))
    return error_text(kind, ctx, str(err.get("msg", "")))


def service_errors(
    exc: AppError, labels: Mapping[str, str], typed: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A service's field errors named by the form's own labels, once (the API's label, when the
    message carries one, gives way); the value typed is named when the message does not name it
    ("Số quyết định “1/QĐ-UBND”: đã được dùng")."""
    errors: dict[str, str] = {}
    for err in exc.errors:
        field = str(err.get("field", ""))
        raw = err.get("message", "")
        message = str(raw)
        label = labels.get(field)
        names_itself = isinstance(raw, Labelled) and raw.bare is None  # "Số quyết định … đã …"
        if label is None or not field or names_itself:
            errors[field] = f"{errors[field]}; {message}" if field in errors else message
            continue
        bare = raw.bare if isinstance(raw, Labelled) and raw.bare is not None else message
        bare = bare.removeprefix(field_label(field) + ": ").removeprefix(label + ": ")
        value = (typed or {}).get(field, "")
        if value and value not in bare and "password" not in field:
            worded = _("form.value_message", field=label, value=value, message=bare)
        else:
            worded = _("field.message", field=label, message=bare)
        errors[field] = f"{errors[field]}; {worded}" if field in errors else worded
    return errors or {"": exc.detail}


ROW = re.compile(r"\[(\d+)\]\.?")


def page_key(field: str) -> str:
    """The page's key of an API field: ``nominees[2].name`` → ``nominees-2-name`` (the key of
    its control ``f-…`` and error ``e-…``); a row named without a field means its name."""
    key = ROW.sub(lambda m: f"-{m.group(1)}-", field).rstrip("-")
    return f"{key}-name" if re.fullmatch(r"nominees-\d+", key) else key


def keyed(
    errors: Mapping[str, str], prefix: str = "", fields: Collection[str] | None = None
) -> dict[str, str]:
    """Errors under the page's keys; ``prefix-`` for forms that share a page (the dossier
    page's panels). A message for no field, or for a field the form does not show (``fields``),
    stays under the form's own key (``prefix``), shown at the top of the form."""
    found: dict[str, str] = {}
    for field, message in errors.items():
        key = page_key(field).replace(".", "-") if field else ""
        if fields is not None and key not in fields:
            # `nominee_ids-3` belongs to `nominee_ids`; anything else to the form
            key = max((f for f in fields if key.startswith(f + "-")), key=len, default="")
        if prefix:
            key = f"{prefix}-{key}" if key else prefix
        found[key] = f"{found[key]}; {message}" if key in found else message
    return found


def in_order(errors: Mapping[str, str], order: Iterable[str]) -> dict[str, str]:
    """The errors in the order of the form's fields (the summary reads top to bottom);
    keys not listed keep their order after the listed ones, rows by number."""
    rank = {key: i for i, key in enumerate(order)}

    def position(key: str) -> tuple[int, int, str]:
        row = re.search(r"-(\d+)-", key)
        return (rank.get(key, len(rank)), int(row.group(1)) if row else -1, key)

    return {key: errors[key] for key in sorted(errors, key=position)}


def single(form: FormData, name: str) -> str:
    """The one value of form field `name`, as sent ("" when absent or a file). A field sent
    twice is refused by name (422): which of the two was meant cannot be told, as with a
    repeated JSON key. Lists (checkbox groups) are read with ``form.getlist``."""
    values = form.getlist(name)
    if len(values) > 1:
        raise Invalid.field(name, _("form.field_repeated"))
    return values[0] if values and isinstance(values[0], str) else ""


def text(form: FormData, name: str) -> str:
    return single(form, name).strip()


FLAG = "1"  # what every checkbox and flag button of our forms posts when ticked or pressed


def flag(form: FormData, name: str, field: str | None = None) -> bool:
    """A checkbox or flag button: ticked ("1") or not (absent, empty). Any other value is a
    form not of our making and is refused by name (`field`: the API's name for it), never read
    as either: a tampered ``draft=yes`` must not submit a dossier for real."""
    value = text(form, name)
    if value not in ("", FLAG):
        raise Invalid.field(field or name, _("form.flag_invalid"))
    return value == FLAG


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
        row["direct"] = flag(form, f"nominees-{i}-direct", f"nominees[{i}].is_direct_worker")
        ethnic = flag(form, f"nominees-{i}-ethnic", f"nominees[{i}].ethnic_minority")
        row["ethnic"] = FLAG if ethnic else ""  # as the resubmit form's rows hold it
        raw = form.get(f"nominees-{i}-name")
        typed = (form.get(f"nominees-{i}-{f}") for f in TYPED_FIELDS)
        # a row is dropped only when nothing was typed in it; a name of spaces reaches the
        # schema as typed, which refuses it as blank instead of losing the nominee silently
        if any(isinstance(v, str) and v for v in typed):
            if not row["name"] and isinstance(raw, str):
                row["name"] = raw
            rows.append(row)
    return rows


def nominee_payload(row: Mapping[str, Any], year: int | None) -> dict[str, Any]:
    """One row for the schema; a row without a name is sent without one ("bắt buộc nhập").
    The row's rating is the nominee's declared history for the achievement ``year`` (what the
    row's eligibility check judged), so the dossier's eligibility is judged on it too; a year
    out of range is the form's own error, not one more per row."""
    payload: dict[str, Any] = {
        "kind": row["kind"] or "individual",
        "position": row["position"] or None,
        "gender": row["gender"] or None,
        "is_direct_worker": bool(row["direct"]),
    }
    if row.get("ethnic") == FLAG:
        payload["ethnic_minority"] = True
    if row["rating"] and year in YEARS and payload["kind"] != "household":
        payload["history"] = [{"year": year, "rating": row["rating"]}]
    # registry identity (contract §12), sent as typed: the schema judges the date and the CCCD
    for field in ("birth_date", "identity_number"):
        if row.get(field):
            payload[field] = row[field]
    if cited := initiative_tokens(row.get("initiative_ids", "")):
        payload["initiative_ids"] = cited
    return {**payload, "name": row["name"]} if row["name"] else payload


def initiative_tokens(typed: str) -> list[str]:
    """The register numbers a row cites, as typed (the schema refuses one that is not a number)."""
    return [token for token in INITIATIVE_SEPARATORS.split(typed) if token]


def vote_payload(form: FormData) -> dict[str, Any] | None:
    fields = ("members_total", "present", "in_favor")
    values = {f: text(form, f) for f in fields}
    if not any(values.values()):
        return None
    return {f: int_or_none(v) if v else None for f, v in values.items()}
