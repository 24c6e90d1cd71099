"""Query parameters of the dossier list checked before the database sees them (422, not 500)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Invalid
from api.schemas.text import char_problem
from api.validation_text import field_label
from core.i18n import _
from domain.catalog import default_catalog
from store.repositories import orgs
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


def page_size_of(size: int, maximum: int, *, field: str = "page_size") -> int:
    """A page's size as asked, or 422 naming ``field`` and the maximum: never quietly fewer
    rows than asked for (a client paging by the size it sent would skip rows)."""
    if not 1 <= size <= maximum:
        message = _("msg.page_size_range", maximum=maximum)
        raise Invalid.field(field, _labelled(field, message))
    return size


async def known_filter(session: AsyncSession, filters: ListFilter) -> ListFilter:
    """422 for a filter naming an award or an org that does not exist (an empty list would
    say "none found" about a typo); an org outside the caller's scope just finds nothing."""
    if filters.award_code is not None and filters.award_code not in default_catalog():
        message = _("sheet.unknown_award", code=filters.award_code)
        raise Invalid.field("award_code", _labelled("award_code", message))
    code = filters.org_code
    if code is not None and await orgs.get(session=session, code=code) is None:
        message = _("msg.unknown_org", org_code=repr(code))
        raise Invalid.field("org_code", _labelled("org_code", message))
    return filters
