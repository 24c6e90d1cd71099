"""Idempotency keys (idempotency_keys table): the first response of a keyed request."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    Interval,
    String,
    Update,
    and_,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from store.models import IdempotencyRecord
from store.recordset import table_of


@dataclass(frozen=True)
class IdempotencyRow:
    request_hash: str
    status_code: int | None
    response: dict[str, Any] | None


@functools.cache
def _claim() -> ReturningInsert[str]:
    # built once, bound per request
    t = table_of(IdempotencyRecord)
    new = insert(t).values(
        key=bindparam("idem_key", type_=String),
        username=bindparam("idem_user", type_=String),
        request_hash=bindparam("idem_hash", type_=String),
    )
    stale = t.c.created_at < func.now() - bindparam("idem_lease", type_=Interval)
    return new.on_conflict_do_update(
        index_elements=[t.c.key, t.c.username],
        set_={"created_at": func.now()},
        where=and_(t.c.status_code.is_(None), t.c.request_hash == new.excluded.request_hash, stale),
    ).returning(t.c.key)


async def claim(
    *, session: AsyncSession, key: str, username: str, request_hash: str, lease: timedelta
) -> bool:
    """Reserve the key for this request; False when it is taken (answered, or claimed by a
    request running for less than ``lease``). An older unanswered claim with the same request
    is taken over: its request is gone (a crashed process) and may be run again."""
    params = {"idem_key": key, "idem_user": username, "idem_hash": request_hash}
    return (await session.execute(_claim(), params | {"idem_lease": lease})).first() is not None


async def get(*, session: AsyncSession, key: str, username: str) -> IdempotencyRow | None:
    record = await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.key == key, IdempotencyRecord.username == username
        )
    )
    if record is None:
        return None
    return IdempotencyRow(record.request_hash, record.status_code, record.response)


@functools.cache
def _complete() -> Update:
    t = table_of(IdempotencyRecord)
    return (
        update(t)
        .where(t.c.key == bindparam("idem_key"), t.c.username == bindparam("idem_user"))
        .values(
            status_code=bindparam("idem_status", type_=Integer),
            response=bindparam("idem_response", type_=t.c.response.type),
        )
    )


async def complete(
    *, session: AsyncSession, key: str, username: str, status_code: int, response: dict[str, Any]
) -> None:
    params = {"idem_key": key, "idem_user": username, "idem_status": status_code}
    await session.execute(_complete(), params | {"idem_response": response})


async def release(*, session: AsyncSession, key: str, username: str) -> None:
    """Forget a claim whose request failed, so that the client may retry it."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.key == key,
            IdempotencyRecord.username == username,
            IdempotencyRecord.status_code.is_(None),
        )
    )
