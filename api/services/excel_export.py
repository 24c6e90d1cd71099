"""Any filtered dossier list as .xlsx (contract §14), read through the list use case.

Headings, statuses, levels and "yes" come from the catalogues, in the language of the request
(the API's ``Accept-Language``, the web's ``?lang=``/cookie: set before the handler runs).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.papers import sheet
from api.services import dossiers
from core import i18n
from core.i18n import _
from store.repositories.dossiers import ListFilter

MAX_ROWS = 10_000
WIDTHS = (6, 20, 16, 18, 18, 12, 16, 12, 18, 9, 9, 16, 60)


def headings() -> tuple[str, ...]:
    """The column headings, in the reader's language."""
    return (
        _("export.number"),
        _("field.dossier_id"),
        _("export.award"),
        _("col.proposer"),
        _("col.status"),
        _("export.stage_level"),
        _("export.stage_org"),
        _("export.submitted_on"),
        _("col.due"),
        _("badge.overdue"),
        _("badge.late"),
        _("field.round_code"),
        _("dossier.summary"),
    )


def _word(family: str, value: str) -> str:
    """A status or level by its name (``status.in_review`` → "Đang xét"); unknown: as is."""
    msgid = f"{family}.{value}"
    return _(msgid) if i18n.has(msgid) else value


async def dossiers_sheet(
    *, session: AsyncSession, principal: Principal, filters: ListFilter
) -> bytes:
    rows: list[tuple[object, ...]] = []
    yes = _("common.yes")
    page = 1
    while len(rows) < MAX_ROWS:
        found = await dossiers.list_(
            session=session,
            principal=principal,
            filters=filters,
            page=page,
            page_size=dossiers.MAX_PAGE_SIZE,
        )
        for item in found.items:
            stage = item.stage
            rows.append(
                (
                    len(rows) + 1,
                    item.id,
                    item.award_code,
                    item.proposer_org,
                    _word("status", item.status),
                    _word("level", stage.level) if stage else "",
                    stage.org_code if stage else "",
                    item.created_at.strftime("%d/%m/%Y"),
                    item.due_at.strftime("%d/%m/%Y %H:%M") if item.due_at else "",
                    yes if item.overdue else "",
                    yes if item.late else "",
                    item.round_code or "",
                    item.summary,
                )
            )
        if page * dossiers.MAX_PAGE_SIZE >= found.total or not found.items:
            break
        page += 1
    return sheet.render_sheet(_("export.sheet_title"), headings(), rows, widths=WIDTHS)
