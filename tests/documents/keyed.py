"""Helpers of the keyed-route tests: a crash right after the transaction that answered a key
commits, audit entries and idempotency rows read back from PostgreSQL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.services.idempotency import KeyClaim
from store.models import AuditEntry, IdempotencyRecord


class Crash(Exception):
    """The API process dies here (the test raises it where a kill would stop the request)."""


@contextmanager
def dies_after_answer(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The API dies just after the transaction that recorded a key's answer commits (the
    command's own write with it): the client gets no answer. Yields the keys so answered."""
    answered: list[str] = []
    record = KeyClaim.record

    async def record_then_die(self: KeyClaim, session: AsyncSession, result: BaseModel) -> None:
        await record(self, session, result)

        def die(_session: Session) -> None:
            answered.append(self.key)
            raise Crash(self.key)

        event.listen(session.sync_session, "after_commit", die, once=True)

    with monkeypatch.context() as patched:
        patched.setattr(KeyClaim, "record", record_then_die)
        yield answered


async def unanswered(send: Callable[[], Awaitable[httpx.Response]]) -> None:
    """Send a request the API dies in the middle of: the client gets no answer (the test
    transport raises the crash, or the app's last-resort handler turns it into a 500)."""
    try:
        response = await send()
    except Crash:
        return
    assert response.status_code == 500, response.text


async def audits(app: FastAPI, action: str, target: str) -> int:
    """How many audit entries record ``action`` on ``target`` (a trailing % matches a prefix)."""
    match = AuditEntry.target.like(target) if target.endswith("%") else AuditEntry.target == target
    async with app.state.tdkt.sessions() as session:
        found = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action, match)
        )
    return int(found or 0)


async def key_row(app: FastAPI, key: str, username: str) -> IdempotencyRecord | None:
    async with app.state.tdkt.sessions() as session:
        row: IdempotencyRecord | None = await session.get(IdempotencyRecord, (key, username))
        return row
