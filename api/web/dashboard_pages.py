"""The dashboard: the stats service drawn as SVG bars and donuts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import AppError
from api.services import dossier_queries, orgs, stats
from api.web.charts import PALETTE, bar_chart, donut
from api.web.context import WebDep
from api.web.list_query import whole_number
from api.web.render import award_name
from core.i18n import fmt_percent
from domain.levels import Level
from store.repositories.dossiers import ListFilter

router = APIRouter(include_in_schema=False)

STATUS_ORDER = ("in_review", "returned", "decided", "rejected", "withdrawn", "expired")
LEVEL_ORDER = tuple(level.value for level in Level)
OVERDUE_PAGES = 20  # at most 2,000 overdue dossiers are counted


async def overdue_by_org(*, session: AsyncSession, principal: Principal) -> Counter[str]:
    """Overdue dossiers per org holding them, read through the dossier list service.

    The stats service has no per-org overdue count yet; this read-only helper pages through
    ``dossier_queries.list_(overdue=True)`` (same scope rules as the list) instead of querying
    tables.
    """
    counts: Counter[str] = Counter()
    for page in range(1, OVERDUE_PAGES + 1):
        result = await dossier_queries.list_(
            session=session,
            principal=principal,
            filters=ListFilter(status="in_review", overdue=True),
            page=page,
            page_size=100,
        )
        for item in result.items:
            counts[item.stage.org_code if item.stage else item.proposer_org] += 1
        if page * result.page_size >= result.total:
            break
    return counts


def _ordered(data: dict[str, int], order: tuple[str, ...]) -> list[tuple[str, int]]:
    known = [(k, data[k]) for k in order if data.get(k)]
    return known + sorted((k, v) for k, v in data.items() if k not in order and v)


@router.get("/thong-ke")
async def dashboard(web: WebDep, year: Annotated[str, Query(max_length=4)] = "") -> Response:
    if web.user is None:
        return web.to_login()
    try:  # the API's bounds of a year (GET /api/v1/stats?year=)
        chosen = whole_number(web.request.query_params, "year", low=1945, high=2100)
        figures = await stats.compute(
            session=web.session, principal=web.user, year=chosen, org_code=None
        )
        overdue = await overdue_by_org(session=web.session, principal=web.user)
        names = {
            code: (await orgs.get_org(session=web.session, code=code)).name
            for code, _ in overdue.most_common(12)
        }
    except AppError as exc:
        return web.error_page(exc)
    t: Callable[..., str] = web.t
    by_award = sorted(figures.by_award.items(), key=lambda kv: (-kv[1], kv[0]))
    on_time = [
        (
            t(f"level.{level}"),
            100 * (o.ratio or 0.0),
            f"{fmt_percent(o.ratio or 0.0, digits=0)} ({o.on_time}/{o.closed})",
        )
        for level, o in sorted(
            figures.on_time.items(),
            key=lambda kv: LEVEL_ORDER.index(kv[0]) if kv[0] in LEVEL_ORDER else 99,
        )
        if o.closed
    ]
    direct = figures.direct_workers
    this_year = datetime.now(UTC).year
    return web.render(
        "dashboard.html",
        year=chosen,
        years=list(range(this_year, this_year - 6, -1)),
        by_award=bar_chart([(award_name(code), n, str(n)) for code, n in by_award]),
        # where the open dossiers are now (their open stage's level), not who decides them
        by_level=bar_chart(
            [
                (t(f"level.{k}"), v, str(v))
                for k, v in _ordered(figures.by_current_level, LEVEL_ORDER)
            ],
            color=PALETTE[5],
        ),
        by_status=donut(
            [(t(f"status.{k}"), v) for k, v in _ordered(figures.by_status, STATUS_ORDER)]
        ),
        on_time=bar_chart(on_time, color=PALETTE[1], maximum=100.0),
        overdue=bar_chart(
            [(names.get(org, org), n, str(n)) for org, n in overdue.most_common(12)],
            color=PALETTE[2],
        ),
        direct=donut(
            [
                (t("new.direct"), direct.direct_workers),
                (t("dash.other_workers"), direct.decided_individuals - direct.direct_workers),
            ],
            centre="—" if direct.share is None else fmt_percent(direct.share, digits=0),
        ),
    )
