"""Statistics over the read model, scoped to the caller's org subtree (admins: everything)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_org_in_scope
from api.errors import NotFound
from api.schemas.stats import DirectWorkersOut, OnTimeOut, StatsOut
from core.i18n import _
from store.repositories import orgs, stats


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


async def compute(
    *, session: AsyncSession, principal: Principal, year: int | None, org_code: str | None
) -> StatsOut:
    scope = org_code
    if org_code is not None:
        if await orgs.get(session=session, code=org_code) is None:
            raise NotFound.field("org_code", _("msg.org_org_code_not_found", org_code=org_code))
        inside = await orgs.in_subtree(session=session, root=principal.org_code, code=org_code)
        subtree = [org_code] if inside else []
        await require_org_in_scope(session, principal, org_code, subtree, field="org_code")
    elif not principal.is_admin:
        scope = principal.org_code
    rows = await stats.collect(session=session, year=year, org_code=scope)
    return StatsOut(
        year=year,
        org_code=scope,
        by_award=rows.by_award,
        by_status=rows.by_status,
        by_level=rows.by_level,
        by_current_level=rows.by_current_level,
        on_time={
            r.level: OnTimeOut(
                closed=r.closed, on_time=r.on_time, ratio=_ratio(r.on_time, r.closed)
            )
            for r in rows.on_time
        },
        direct_workers=DirectWorkersOut(
            decided_individuals=rows.decided_individuals,
            direct_workers=rows.direct_workers,
            share=_ratio(rows.direct_workers, rows.decided_individuals),
        ),
    )
