"""The query filters of the web's list pages, checked: a value the page cannot use (a status
that does not exist, a page "abc", a year out of range, an org nobody has) is refused with 422
naming the filter by its label, as the API refuses its own list's filters, never quietly
dropped (the page would then list everything while the address says it is filtered).

Each reader raises :class:`api.errors.Invalid` about the query parameter (``field`` is its name
in the address); the label is the field's usual one (``label``: ``nam`` is "Năm"). An empty
value is "no filter", as the forms send it.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import QueryParams

from api.errors import Invalid
from api.field_labels import field_label, labelled
from core.i18n import _

MAX_PAGE = 10_000  # the pages of a web list (page × size stays a cheap OFFSET)


def refusal(name: str, label: str, message: str) -> Invalid:
    """422 about the query parameter ``name``, its message after the label of ``label``."""
    return Invalid.field(name, labelled(field_label(label), message))


def whole_number(
    query: QueryParams, name: str, *, low: int, high: int, label: str | None = None
) -> int | None:
    """The parameter as a whole number in ``low..high``; None when absent or empty."""
    raw = query.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        message = _("msg.query_number_range", low=low, high=high)
        raise refusal(name, label or name, message)
    return int(raw)


def page_number(query: QueryParams, name: str = "page", *, maximum: int = MAX_PAGE) -> int:
    """The page asked for (1 when absent)."""
    return whole_number(query, name, low=1, high=maximum, label="page") or 1


def choice(
    query: QueryParams, name: str, choices: Mapping[str, str], *, label: str | None = None
) -> str | None:
    """One of ``choices`` (value → its words, listed in a refusal); None when absent/empty."""
    raw = query.get(name, "").strip()
    if not raw:
        return None
    if raw not in choices:
        allowed = ", ".join(f"{words} ({value})" for value, words in choices.items())
        raise refusal(name, label or name, _("msg.query_choice", allowed=allowed))
    return raw
