"""Query parameters of the dossier list checked before the database sees them (422, not 500)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from api.errors import Invalid
from core.i18n import _
from store.repositories.dossiers import ListFilter
from store.repositories.listing import Cursor, CursorError


def parse_cursor(token: str, page: int) -> Cursor:
    if page != 1:
        raise Invalid.field(
            "page",
            _("msg.cursor_and_page_cannot_be_combined"),
        )
    try:
        return Cursor.decode(token)
    except CursorError:
        raise Invalid.field(
            "cursor",
            _("msg.invalid_cursor_pass_the_next_cursor"),
        ) from None


def list_filter(filters: ListFilter) -> ListFilter:
    """Text filters as stored (NFC); NUL bytes, which PostgreSQL refuses, are a 422 here."""
    for name in ("award_code", "org_code", "q"):
        value = getattr(filters, name)
        if value is not None and "\x00" in value:
            raise Invalid.field(
                name,
                _("msg.name_contains_a_nul_character", name=name),
            )
    q = None if filters.q is None else unicodedata.normalize("NFC", filters.q).strip() or None
    return replace(filters, q=q)
