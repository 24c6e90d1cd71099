"""Structured domain refusals worded for people (:mod:`domain.refusal`).

A refusal's ``code`` is the catalogue's msgid ``domain.<code>``; its values are shown by what
their key says they are: org codes as org names (the caller passes the names it read), levels,
statuses, award types and org kinds as catalogue words, award codes as award names, ratios as
percentages in the reader's format, legal citations in words, ISO dates as dd/mm/yyyy. The
domain's own sentence (Vietnamese, for logs) is never shown when the code is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from api.domain_text import award_name, subject_name
from api.legal_text import cite
from api.validation_text import field_label
from core import i18n
from core.i18n import _

# Refusal codes of the workflows themselves (not of the domain), worded by an existing msgid.
WORKFLOW_MSGIDS = {"key_reused": "msg.this_idempotency_key_was_used_with"}
PERCENT_KEYS = frozenset({"share", "threshold", "quorum"})


def msgid_of(code: object) -> str | None:
    """The msgid wording refusal ``code``, or None when there is none (an older worker's
    refusal without a code, or a code this API does not know yet)."""
    if not isinstance(code, str) or not code:
        return None
    msgid = WORKFLOW_MSGIDS.get(code, f"domain.{code}")
    return msgid if i18n.has(msgid) else None


def _word(family: str, value: str, *, lower: bool = False) -> str:
    msgid = f"{family}.{value}"
    if not i18n.has(msgid):
        return value
    return _(msgid).lower() if lower else _(msgid)


def _one(key: str, value: str, names: Mapping[str, str]) -> str:
    """One value (a tuple's items too) as a person reads it, by what its key names."""
    stem = key.removesuffix("s") if key.endswith(("levels", "award_types")) else key
    if stem == "org" or stem.endswith("_org"):
        return names.get(value, value)
    if stem == "level" or stem.endswith("_level"):
        return _word("level", value)
    if stem == "status":
        return _word("status", value, lower=True)
    if stem == "award":
        return award_name(value)
    if stem == "subject":
        return subject_name(value)
    if stem == "award_type":
        return _word("award_type", value)
    if stem == "kind":
        return _word("orgkind", value, lower=True)
    if stem == "day":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if stem == "basis":
        return cite(value)
    return value


def shown(key: str, value: object, names: Mapping[str, str] | None = None) -> str:
    """``value`` of ``key`` in the reader's language (names for codes, words for values)."""
    names = names or {}
    if isinstance(value, list | tuple):
        joiner = " → " if key.endswith("levels") else ", "
        return joiner.join(_one(key, str(item), names) for item in value)
    if key in PERCENT_KEYS and isinstance(value, int | float):
        return i18n.fmt_percent(float(value))
    return _one(key, str(value), names)


def org_codes(values: Mapping[str, object]) -> set[str]:
    """The org codes among a refusal's values, for the caller to read their names."""
    codes: set[str] = set()
    for key, value in values.items():
        if key == "org" or key.endswith("_org"):
            codes.add(str(value))
    return codes


def refusal_values(values: object, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """A refusal's values (a mapping; anything else counts as none) as the reader sees them."""
    given = values if isinstance(values, Mapping) else {}
    return {str(key): shown(str(key), value, names) for key, value in given.items()}


def refusal_text(
    code: object, values: object = None, names: Mapping[str, str] | None = None
) -> str | None:
    """The refusal ``code`` worded with ``values``; None when no msgid words it."""
    msgid = msgid_of(code)
    if msgid is None:
        return None
    return _(msgid, **refusal_values(values, names))


def refusal_field_text(
    field: str | None, code: object, values: object = None, names: Mapping[str, str] | None = None
) -> str | None:
    """``refusal_text`` after the label of ``field`` ("Số thành viên có mặt: phải từ 0 đến 15");
    the workflows' own refusals name what they refuse and keep no label."""
    text = refusal_text(code, values, names)
    if text is None or not field or code in WORKFLOW_MSGIDS:
        return text
    return _("field.message", field=field_label(field), message=text)
