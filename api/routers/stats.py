"""Statistics (contract §8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, SessionDep
from api.schemas.common import errors
from api.schemas.stats import StatsOut
from api.schemas.text import Text
from api.services import stats

router = APIRouter(prefix="/api/v1", tags=["stats"])


@router.get(
    "/stats",
    summary="Counts by award, status and level; on-time ratio per level; direct-worker share",
    description="Scoped to `org_code` and its descendants (default: your org; admins: all).",
    response_model=StatsOut,
    responses=errors(401, 403, 404, 422),
)
async def get_stats(
    session: SessionDep,
    principal: CurrentUser,
    year: Annotated[int | None, Query(ge=1945, le=2100)] = None,
    org_code: Annotated[Text | None, Query(max_length=64)] = None,
) -> StatsOut:
    return await stats.compute(session=session, principal=principal, year=year, org_code=org_code)
