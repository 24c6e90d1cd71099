"""Structured domain refusals worded for people (:mod:`domain.refusal`).

A refusal's ``code`` is the catalogue's msgid ``domain.<code>``; its values are shown by what
their key says they are: org codes as org names (the caller passes the names it read), levels,
statuses, award types and org kinds as catalogue words, and every other value as the reasons of
checks word theirs (:func:`api.check_text.word_value`: award names, percentages and dates in the
reader's format, citations in words). A council's refusal of a vote is explained by the ballot's
own reason (``check.quorum``, ``check.ballot_failed``). The domain's sentence (for logs) is never
shown when the code is known.
"""

from __future__ import annotations

from collections.abc import Mapping

from api.check_text import reason_text, word_value
from api.validation_text import field_label, labelled
from core import i18n
from core.i18n import _
from domain.eligibility_model import CheckValue

# Refusal codes of the workflows themselves (not of the domain), worded by an existing msgid.
WORKFLOW_MSGIDS = {"key_reused": "msg.this_idempotency_key_was_used_with"}
# Refusals of a council's vote, explained by the ballot's reason (domain.reasons).
BALLOT_REASONS = frozenset({"quorum", "ballot_failed"})


def msgid_of(code: object) -> str | None:
    """The msgid wording refusal ``code``, or None when there is none (an older worker's
    refusal without a code, or a code this API does not know yet)."""
    if not isinstance(code, str) or not code:
        return None
    if code in BALLOT_REASONS:
        return f"check.{code}"
    msgid = WORKFLOW_MSGIDS.get(code, f"domain.{code}")
    return msgid if i18n.has(msgid) else None


def _word(family: str, value: str, *, lower: bool = False) -> str:
    msgid = f"{family}.{value}"
    if not i18n.has(msgid):
        return value  # not one of ours: a value the user typed, shown as typed
    return _(msgid).lower() if lower else _(msgid)


def _own(key: str, value: str, names: Mapping[str, str]) -> str | None:
    """A value of a kind only refusals have, by what its key names; None for any other."""
    stem = key.removesuffix("s") if key.endswith(("levels", "award_types")) else key
    if stem == "org" or stem.endswith("_org"):
        return names.get(value, value)
    if stem == "level" or stem.endswith("_level"):
        return _word("level", value)
    if stem == "status":
        return _word("status", value, lower=True)
    if stem == "award_type":
        return _word("award_type", value)
    if stem == "kind":
        return _word("orgkind", value, lower=True)
    return None


def shown(key: str, value: CheckValue, names: Mapping[str, str] | None = None) -> str:
    """``value`` of ``key`` in the reader's language (names for codes, words for values)."""
    names = names or {}
    if isinstance(value, list | tuple):  # a tuple read from an API row counts as a list
        joiner = " → " if key.endswith("levels") else ", "
        return joiner.join(_own(key, str(item), names) or str(item) for item in value)
    own = _own(key, value, names) if isinstance(value, str) else None
    return own if own is not None else word_value(key, value)


def org_codes(values: Mapping[str, object]) -> set[str]:
    """The org codes among a refusal's values, for the caller to read their names."""
    return {str(v) for k, v in values.items() if k == "org" or k.endswith("_org")}


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
    given = values if isinstance(values, Mapping) else {}
    if code == "quorum":
        return reason_text("quorum", given)
    if code == "ballot_failed":
        return _("check.ballot_refused", reason=reason_text("ballot_failed", given))
    return _(msgid, **refusal_values(given, names))


def refusal_field_text(
    field: str | None, code: object, values: object = None, names: Mapping[str, str] | None = None
) -> str | None:
    """``refusal_text`` after the label of ``field`` ("Số thành viên có mặt: phải từ 0 đến 15");
    the workflows' own refusals name what they refuse and keep no label."""
    text = refusal_text(code, values, names)
    if text is None or not field or code in WORKFLOW_MSGIDS:
        return text
    return labelled(field_label(field), text)
