"""The notification outbox for admins: what was sent, what failed, dead letters to retry."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.deps import AdminUser, ClientAddress, SessionDep, StateDep
from api.routers.dossiers import IdempotencyKey
from api.schemas.common import EmptyBody, NoBody, errors
from api.schemas.outbox import OutboxList
from api.services import outbox
from api.services.idempotency import KeyClaim, keyed_write

router = APIRouter(prefix="/api/v1", tags=["outbox"])
MAX_PAGE = 100_000  # pages of `limit` rows: every message stays reachable, newest first


@router.get(
    "/outbox",
    summary="Queued, retrying, sent and dead notifications (admin), newest first",
    response_model=OutboxList,
    responses=errors(401, 403, 422),
)
async def list_outbox(
    session: SessionDep,
    admin: AdminUser,
    status: Annotated[
        Literal["pending", "sent", "dead", "retrying"] | None,
        Query(description="a state, or `retrying`: pending messages that failed at least once"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> OutboxList:
    found = await outbox.list_(
        session=session, principal=admin, status=status, limit=limit, page=page
    )
    return outbox.list_out(found, page, limit)


@router.post(
    "/outbox/{message_id}/retry",
    summary="Put a dead notification back in the queue (admin)",
    description="Answers the pending messages (the first 100), this one among them.",
    response_model=OutboxList,
    responses=errors(401, 403, 404, 409, 422),
)
async def retry_outbox(
    state: StateDep,
    session: SessionDep,
    admin: AdminUser,
    message_id: Annotated[int, Path(ge=1, le=2**62)],
    ip: ClientAddress,
    _body: EmptyBody = None,
    key: IdempotencyKey = None,
) -> OutboxList:
    async def write(claim: KeyClaim | None) -> OutboxList:
        return await outbox.retry(
            session=session, principal=admin, message_id=message_id, ip=ip, claim=claim
        )

    return await keyed_write(
        sessions=state.reads, key=key, username=admin.username,
        scope=f"outbox-retry:{message_id}", body=NoBody(), status_code=200,
        result_type=OutboxList, write=write,
    )  # fmt: skip


@router.post(
    "/outbox/retry-dead",
    summary="Put every dead notification back in the queue (admin)",
    description="Answers the pending messages (the first 100), the ones put back among them.",
    response_model=OutboxList,
    responses=errors(401, 403, 409, 422),
)
async def retry_dead(
    state: StateDep,
    session: SessionDep,
    admin: AdminUser,
    ip: ClientAddress,
    _body: EmptyBody = None,
    key: IdempotencyKey = None,
) -> OutboxList:
    async def write(claim: KeyClaim | None) -> OutboxList:
        retried = await outbox.retry_all(session=session, principal=admin, ip=ip, claim=claim)
        return retried.pending

    return await keyed_write(
        sessions=state.reads, key=key, username=admin.username, scope="outbox-retry-dead",
        body=NoBody(), status_code=200, result_type=OutboxList, write=write,
    )  # fmt: skip
