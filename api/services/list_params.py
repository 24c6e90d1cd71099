"""Query parameters of the dossier list checked before the database sees them (422, not 500)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from api.errors import Invalid
from store.repositories.dossiers import ListFilter
from store.repositories.listing import Cursor, CursorError


def parse_cursor(token: str, page: int) -> Cursor:
    if page != 1:
        raise Invalid.field(
            "page",
            "Không dùng đồng thời cursor và page; bỏ page khi có cursor / "
            "cursor and page cannot be combined: drop page when passing cursor",
        )
    try:
        return Cursor.decode(token)
    except CursorError:
        raise Invalid.field(
            "cursor",
            "Giá trị cursor không hợp lệ; hãy dùng next_cursor của lần trả về trước / "
            "Invalid cursor: pass the next_cursor of a previous answer",
        ) from None


def list_filter(filters: ListFilter) -> ListFilter:
    """Text filters as stored (NFC); NUL bytes, which PostgreSQL refuses, are a 422 here."""
    for name in ("award_code", "org_code", "q"):
        value = getattr(filters, name)
        if value is not None and "\x00" in value:
            raise Invalid.field(
                name,
                f"{name} chứa ký tự NUL không hợp lệ / {name} contains a NUL character",
            )
    q = None if filters.q is None else unicodedata.normalize("NFC", filters.q).strip() or None
    return replace(filters, q=q)
