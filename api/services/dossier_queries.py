"""Dossier queries: read one (within the caller's scope), list them, the caller's tasks."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import DossierScope, Principal, not_found, require_visible
from api.schemas.dossier_views import DossierOut, DossierPage, TaskList
from api.services import dossier_views
from api.services.dossiers import with_checklist
from api.services.list_params import known_filter, list_filter, page_size_of, parse_cursor
from api.state import AppState
from store.repositories import dossier_pages, dossiers
from store.repositories.dossiers import DossierRow, ListFilter
from store.repositories.private_dossiers import never_submitted

MAX_PAGE_SIZE = 100


async def scope_of(
    session: AsyncSession, principal: Principal, dossier_id: str
) -> tuple[DossierRow, DossierScope]:
    """The dossier and its scope facts; 404 when missing or outside the caller's scope.

    The subtree is asked of PostgreSQL only when it decides: not for a draft, an admin or an
    org on the route (a chair deciding, the proposer), the requests of every cycle."""
    row = await dossiers.get(session=session, dossier_id=dossier_id, with_kinds=True)
    if row is None:
        raise not_found(dossier_id)
    draft = never_submitted(row.status, row.route_orgs)
    settled = draft or principal.is_admin or principal.org_code in row.route_orgs
    in_subtree = principal.org_code == row.proposer_org or (
        not settled
        and await dossiers.proposer_in_subtree(
            session=session, root=principal.org_code, proposer_org=row.proposer_org
        )
    )
    scope = DossierScope(
        id=row.id,
        proposer_org=row.proposer_org,
        route_orgs=tuple(row.route_orgs),
        stage_org=row.stage_org,
        proposer_in_caller_subtree=in_subtree,
        draft=draft,
    )
    require_visible(principal, scope, dossier_id)
    return row, scope


async def get(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    checklist: bool = False,
) -> DossierOut:
    """The read model: every 2xx of a command answered after its commit, so it is current;
    ``checklist``: with its papers checklist (the API's answer; the web page shows the papers
    its own way).

    Personal data (Decree 13/2023): nominees' birth dates and identity numbers only for the
    proposer and the orgs on the dossier's route (and admins), not for every org above."""
    found, _ = await scope_of(session, principal, dossier_id)
    row = await dossiers.add_details(session=session, row=found)
    view = dossier_views.from_row(row)
    involved = principal.org_code == row.proposer_org or principal.org_code in row.route_orgs
    if not (involved or principal.is_admin):
        view = dossier_views.without_personal_data(view)
    return await with_checklist(session, view, row.attachment_kinds) if checklist else view


async def list_(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: ListFilter,
    page: int,
    page_size: int,
    cursor: str | None = None,
) -> DossierPage:
    size = min(page_size, MAX_PAGE_SIZE)  # the answer's page_size says what was served
    result = await dossier_pages.list_(
        session=session,
        caller_org=None if principal.is_admin else principal.org_code,
        filters=await known_filter(session, list_filter(filters)),
        page=page,
        page_size=size,
        cursor=None if cursor is None else parse_cursor(cursor, page),
    )
    return DossierPage(
        items=[dossier_views.summary(r) for r in result.rows],
        total=result.total,
        page=page,
        page_size=size,
        total_is_estimate=result.total_is_estimate,
        next_cursor=result.next_cursor,
    )


MAX_TASK_PAGE = 10_000  # pages of the inbox (`/tasks?page=`)


async def tasks(
    *, session: AsyncSession, principal: Principal, limit: int, page: int = 1
) -> TaskList:
    """The page ``page`` (``limit`` a page) of the dossiers waiting for the caller's org."""
    limit = page_size_of(limit, MAX_PAGE_SIZE, field="limit")
    rows = await dossier_pages.waiting_for(
        session=session, org_code=principal.org_code, limit=limit, offset=(page - 1) * limit
    )
    total = await dossier_pages.count_waiting(session=session, org_code=principal.org_code)
    items = [dossier_views.summary(r) for r in rows]
    return TaskList(items=items, total=total, page=page, page_size=limit)
