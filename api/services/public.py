"""Public posting: what anyone may read and object to, without signing in."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, NotFound
from api.i18n import _
from api.schemas.public import ObjectionIn, ObjectionOut, PostingList, PostingOut
from api.state import AppState
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


async def object_to(
    *,
    state: AppState,
    session: AsyncSession,
    dossier_id: str,
    body: ObjectionIn,
    client_addr: str,
) -> ObjectionOut:
    await state.objection_limiter.hit(session=session, key=client_addr)
    posting = await postings.in_posting(session=session, dossier_id=dossier_id)
    if posting is None:
        raise NotFound(_("msg.dossier_dossier_id_not_found", dossier_id=dossier_id))
    if not posting:
        raise Conflict(_("msg.dossier_dossier_id_is_not_in", dossier_id=dossier_id))
    objection_id, at = await postings.add_objection(
        session=session,
        dossier_id=dossier_id,
        content=body.content,
        contact=body.contact,
        client_addr=client_addr,
    )
    await session.commit()
    log.info("objection.received", dossier_id=dossier_id, objection_id=objection_id)
    return ObjectionOut(id=objection_id, dossier_id=dossier_id, received_at=at)
