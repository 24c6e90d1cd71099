"""Public posting: what anyone may read without signing in (objections: ``objections``)."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.schemas.public import PostingList, PostingOut
from domain.catalog import default_catalog
from store.repositories import postings

log = structlog.get_logger("tdkt.api.public")
MAX_POSTINGS = 500


async def list_postings(*, session: AsyncSession) -> PostingList:
    catalog = default_catalog()
    rows = await postings.open_postings(session=session, limit=MAX_POSTINGS)
    return PostingList(
        items=[
            PostingOut(
                dossier_id=r.dossier_id,
                nominee_id=r.nominee_id,
                name=r.name,
                kind=r.kind,
                org_code=r.org_code,
                org_name=r.org_name,
                award_code=r.award_code,
                award_name=catalog.get(r.award_code).name_vi
                if r.award_code in catalog
                else r.award_code,
                posting_ends_at=r.posting_ends_at,
            )
            for r in rows
        ]
    )
