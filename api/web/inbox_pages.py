"""The inbox ("Việc cần xử lý") and the searchable dossier list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.datastructures import QueryParams

from api.errors import AppError
from api.schemas.text import Text
from api.services import dossier_queries
from api.web.context import Web, WebDep
from api.web.list_query import choice, page_number
from api.web.names import orgs_in_scope
from api.web.objections_view import inbox_objections
from api.web.views import org_codes, rows_of
from core.i18n import _
from domain.catalog import default_catalog
from domain.levels import Level
from store.repositories.dossiers import ListFilter

router = APIRouter(include_in_schema=False)

STATUSES = ("draft", "in_review", "returned", "decided", "rejected", "withdrawn", "expired")
PAGE_SIZE = 20
INBOX_PAGE = 100  # the inbox shows its tasks a hundred a page, earliest due first


@router.get("/")
async def inbox(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        page = page_number(web.request.query_params, maximum=dossier_queries.MAX_TASK_PAGE)
        tasks = await dossier_queries.tasks(
            session=web.session, principal=web.user, limit=INBOX_PAGE, page=page
        )
    except AppError as exc:
        return web.error_page(exc)
    last = max(1, -(-tasks.total // INBOX_PAGE))
    now = datetime.now(UTC)
    rows = await rows_of(web.session, tasks.items, now)
    with_objections = [item.id for item in tasks.items if item.open_objections]
    try:
        found = await inbox_objections(web.session, web.user, with_objections)
        drafts = await _drafts(web)
    except AppError as exc:
        return web.error_page(exc)
    draft_rows = await rows_of(web.session, drafts, now, by_due=False)
    await web.name_orgs(org_codes(rows + draft_rows))
    return web.render(
        "inbox.html",
        rows=rows,
        total=tasks.total,
        prev_url=f"/?page={page - 1}" if page > 1 else None,
        next_url=f"/?page={page + 1}" if page < last else None,
        drafts=draft_rows,
        objections=found,
        errors={},
        form={},
    )


async def _drafts(web: Web) -> list[Any]:
    """An officer's drafts: kept by the unit until submitted (contract §13)."""
    assert web.user is not None
    if "officer" not in web.user.roles:
        return []
    found = await dossier_queries.list_(
        session=web.session,
        principal=web.user,
        filters=ListFilter(status="draft", org_code=web.user.org_code),
        page=1,
        page_size=PAGE_SIZE,
    )
    return list(found.items)


def list_filter(
    q: str, status: str, award_code: str, level: str, org_code: str, overdue: str
) -> ListFilter:
    """The search list's query as a `ListFilter`; a choice the list does not have is a 422
    naming its filter (an award or org nobody has: the service's 422, the API's words)."""
    query = QueryParams({"status": status, "level": level, "overdue": overdue})
    statuses = {s: _(f"status.{s}") for s in STATUSES}
    levels = {lv.value: _(f"level.{lv.value}") for lv in Level}
    return ListFilter(
        status=choice(query, "status", statuses),
        award_code=award_code.strip() or None,
        level=choice(query, "level", levels),
        org_code=org_code.strip() or None,
        overdue=bool(choice(query, "overdue", {"1": _("list.overdue_only")})) or None,
        q=q.strip() or None,
    )


@router.get("/ho-so")
async def dossier_list(
    web: WebDep,
    q: Annotated[Text, Query(max_length=200)] = "",
    status: Annotated[Text, Query(max_length=20)] = "",
    award_code: Annotated[Text, Query(max_length=32)] = "",
    level: Annotated[Text, Query(max_length=20)] = "",
    org_code: Annotated[Text, Query(max_length=64)] = "",
    overdue: Annotated[Text, Query(max_length=5)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    if web.user is None:
        return web.to_login()
    levels = [lv.value for lv in Level]
    try:
        filters = list_filter(q, status, award_code, level, org_code, overdue)
        result = await dossier_queries.list_(
            session=web.session,
            principal=web.user,
            filters=filters,
            page=page,
            page_size=PAGE_SIZE,
        )
    except AppError as exc:
        return web.error_page(exc)
    rows = await rows_of(web.session, result.items, datetime.now(UTC), by_due=False)
    await web.name_orgs([*org_codes(rows), filters.org_code])
    query = {
        "q": q,
        "status": filters.status or "",
        "award_code": filters.award_code or "",
        "level": filters.level or "",
        "org_code": org_code,
        "overdue": overdue,
    }

    filled = {k: v for k, v in query.items() if v}

    def page_url(n: int) -> str:
        return "/ho-so?" + urlencode({**filled, "page": n})

    last = max(1, -(-result.total // result.page_size))
    return web.render(
        "list.html",
        rows=rows,
        total=result.total,
        page=page,
        prev_url=page_url(page - 1) if page > 1 else None,
        next_url=page_url(page + 1) if page < last else None,
        export_url="/ho-so.xlsx" + ("?" + urlencode(filled) if filled else ""),
        query=query,
        statuses=STATUSES,
        levels=levels,
        awards=default_catalog().all(),
        org_choices=await orgs_in_scope(web.session, web.user.org_code),
    )
