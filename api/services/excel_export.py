"""Any filtered dossier list as .xlsx (contract §14), read through the list use case.

Headings, statuses, levels and "yes" come from the catalogues, in the language of the request
(the API's ``Accept-Language``, the web's ``?lang=``/cookie: set before the handler runs).
People read names (the award's, the orgs', the round's) and Vietnam's time; the codes follow in
the last columns, for a machine that joins the sheet with other data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.domain_text import award_name
from api.papers import sheet
from api.schemas.dossier_views import DossierSummary
from api.services import dossier_queries
from core import i18n
from core.i18n import _
from domain.calendar import VN_TZ
from store.repositories.dossiers import ListFilter
from store.repositories.orgs import names as org_names
from store.repositories.rounds import names as round_names

MAX_ROWS = 10_000
WIDTHS = (6, 20, 30, 30, 18, 12, 30, 12, 18, 9, 9, 30, 60, 14, 16, 16, 12)


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
        _("export.round"),
        _("dossier.summary"),
        _("export.award_code"),
        _("export.proposer_code"),
        _("export.stage_org_code"),
        _("export.round_code"),
    )


def local_day(at: datetime) -> str:
    """dd/mm/yyyy of ``at`` in Vietnam (a stored instant is UTC: 23:00 in Hà Nội is that day)."""
    return at.astimezone(VN_TZ).strftime("%d/%m/%Y")


def local_time(at: datetime) -> str:
    return at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def _word(family: str, value: str) -> str:
    """A status or level by its name (``status.in_review`` → "Đang xét"); unknown: as is."""
    msgid = f"{family}.{value}"
    return _(msgid) if i18n.has(msgid) else value


async def dossiers_sheet(
    *, session: AsyncSession, principal: Principal, filters: ListFilter
) -> bytes:
    items: list[DossierSummary] = []
    page = 1
    while len(items) < MAX_ROWS:
        found = await dossier_queries.list_(
            session=session,
            principal=principal,
            filters=filters,
            page=page,
            page_size=dossier_queries.MAX_PAGE_SIZE,
        )
        items += found.items[: MAX_ROWS - len(items)]
        if page * dossier_queries.MAX_PAGE_SIZE >= found.total or not found.items:
            break
        page += 1
    codes = {i.proposer_org for i in items} | {i.stage.org_code for i in items if i.stage}
    names = await org_names(session, codes)
    rounds = await round_names(session, {i.round_code for i in items})
    rows = [_row(number, item, names, rounds) for number, item in enumerate(items, start=1)]
    return sheet.render_sheet(_("export.sheet_title"), headings(), rows, widths=WIDTHS)


def _row(
    number: int, item: DossierSummary, names: dict[str, str], rounds: dict[str, str]
) -> tuple[object, ...]:
    yes = _("common.yes")
    stage = item.stage
    stage_org = stage.org_code if stage else ""
    return (
        number,
        item.id,
        award_name(item.award_code),
        names.get(item.proposer_org, item.proposer_org),
        _word("status", item.status),
        _word("level", stage.level) if stage else "",
        names.get(stage_org, stage_org),
        local_day(item.created_at),
        local_time(item.due_at) if item.due_at else "",
        yes if item.overdue else "",
        yes if item.late else "",
        rounds.get(item.round_code or "", item.round_code or ""),
        item.summary,
        item.award_code,
        item.proposer_org,
        stage_org,
        item.round_code or "",
    )
