"""Idempotency keys (idempotency_keys table): the first response of a keyed request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import IdempotencyRecord


@dataclass(frozen=True)
class IdempotencyRow:
    request_hash: str
    status_code: int | None
    response: dict[str, Any] | None


async def claim(
    *, session: AsyncSession, key: str, username: str, request_hash: str, lease: timedelta
) -> bool:
    """Reserve the key for this request; False when it is taken (answered, or claimed by a
    request running for less than ``lease``). An older unanswered claim with the same request
    is taken over: its request is gone (a crashed process) and may be run again."""
    new = insert(IdempotencyRecord).values(key=key, username=username, request_hash=request_hash)
    stale = IdempotencyRecord.created_at < func.now() - lease
    stmt = new.on_conflict_do_update(
        index_elements=[IdempotencyRecord.key, IdempotencyRecord.username],
        set_={"created_at": func.now()},
        where=and_(
            IdempotencyRecord.status_code.is_(None),
            IdempotencyRecord.request_hash == request_hash,
            stale,
        ),
    ).returning(IdempotencyRecord.key)
    return (await session.execute(stmt)).first() is not None


async def get(*, session: AsyncSession, key: str, username: str) -> IdempotencyRow | None:
    record = await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.key == key, IdempotencyRecord.username == username
        )
    )
    if record is None:
        return None
    return IdempotencyRow(record.request_hash, record.status_code, record.response)


async def complete(
    *, session: AsyncSession, key: str, username: str, status_code: int, response: dict[str, Any]
) -> None:
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.key == key, IdempotencyRecord.username == username)
        .values(status_code=status_code, response=response)
    )


async def release(*, session: AsyncSession, key: str, username: str) -> None:
    """Forget a claim whose request failed, so that the client may retry it."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.key == key,
            IdempotencyRecord.username == username,
            IdempotencyRecord.status_code.is_(None),
        )
    )
