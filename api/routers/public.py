"""Public posting (contract §7): no sign-in; objections are rate-limited per client address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from api.deps import ClientAddress, SessionDep, StateDep
from api.ratelimit import OBJECTIONS_PER_WINDOW, WINDOW_SECONDS
from api.routers.dossiers import DossierId, IdempotencyKey
from api.schemas.common import errors
from api.schemas.public import ObjectionIn, ObjectionOut, ObjectionStatusOut, PostingList
from api.schemas.text import Text
from api.services import objections, public

router = APIRouter(prefix="/api/v1/public", tags=["public"])


@router.get(
    "/postings",
    summary="Nominees in public posting: name, org, award, end of the posting period",
    response_model=PostingList,
)
async def postings(session: SessionDep) -> PostingList:
    return await public.list_postings(session=session)


@router.post(
    "/postings/{dossier_id}/objections",
    summary="Object to a nominee in public posting (no sign-in)",
    description=(
        f"Rate-limited to {OBJECTIONS_PER_WINDOW} objections per client address per "
        f"{int(WINDOW_SECONDS // 60)} minutes (429 with `Retry-After` beyond that). "
        "An `Idempotency-Key` is held by the client address (nobody is signed in): a resend "
        "from the same address replays the first answer; a replay is not counted."
    ),
    status_code=status.HTTP_201_CREATED,
    response_model=ObjectionOut,
    responses=errors(404, 409, 413, 422, 429),
)
async def object_to(
    state: StateDep,
    session: SessionDep,
    client_addr: ClientAddress,
    dossier_id: DossierId,
    body: ObjectionIn,
    key: IdempotencyKey = None,
) -> ObjectionOut:
    return await objections.object_to(
        state=state, session=session, dossier_id=dossier_id, body=body,
        client_addr=client_addr, key=key,
    )  # fmt: skip


@router.get(
    "/objections/{reference}",
    summary="Look up an objection by its reference: open, dismissed or upheld (no sign-in)",
    response_model=ObjectionStatusOut,
    responses=errors(404, 422),
)
async def objection_status(
    session: SessionDep, reference: Annotated[Text, Path(max_length=32)]
) -> ObjectionStatusOut:
    return await objections.lookup(session=session, reference=reference)
