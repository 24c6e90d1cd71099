"""Query parameters of the dossier list checked before the database sees them (422, not 500)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from api.errors import Invalid
from api.schemas.text import char_problem
from api.validation_text import field_label
from core.i18n import _
from store.repositories.dossiers import ListFilter
from store.repositories.listing import Cursor, CursorError


def _labelled(field: str, message: str) -> str:
    return _("field.message", field=field_label(field), message=message)


def parse_cursor(token: str, page: int) -> Cursor:
    if page != 1:
        raise Invalid.field("page", _labelled("page", _("msg.cursor_and_page_cannot_be_combined")))
    try:
        return Cursor.decode(token)
    except CursorError:
        message = _("msg.invalid_cursor_pass_the_next_cursor")
        raise Invalid.field("cursor", _labelled("cursor", message)) from None


def list_filter(filters: ListFilter) -> ListFilter:
    """Text filters as stored (NFC); characters that are not text (NUL, which PostgreSQL refuses,
    and the other control characters) are a 422 here, whoever calls."""
    for name in ("award_code", "org_code", "q"):
        value = getattr(filters, name)
        reason = None if value is None else char_problem(value)
        if reason is not None:
            raise Invalid.field(name, _labelled(name, reason))
    q = None if filters.q is None else unicodedata.normalize("NFC", filters.q).strip() or None
    return replace(filters, q=q)
