"""Helpers of the keyed-route tests: a crash right after the transaction that answered a key
commits, audit entries and idempotency rows read back from PostgreSQL, and the bodies and
callers of the admins' and chairs' creates."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from api.services.idempotency import KeyClaim
from store.models import AuditEntry, IdempotencyRecord
from tests.api.conftest import PASSWORD, World, eventually, login


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


async def another_admin(client: httpx.AsyncClient, world: World) -> dict[str, str]:
    username = f"admin2.{world.tag}.{uuid.uuid4().hex[:4]}".lower()
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": "Quản trị thứ hai",
        "org_code": "BNV",
        "roles": ["admin"],
    }
    made = await client.post("/api/v1/users", json=body, headers=world.admin)
    assert made.status_code == 201, made.text
    return await login(client, username)


def keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


def org_body(world: World, code: str, name: str = "Tổ khóa") -> dict[str, Any]:
    return {"code": code, "name": name, "level": "unit", "parent_code": world.code("D1")}


def new_code(world: World, variant: int | str) -> str:
    return f"K{variant}-{world.tag}-{uuid.uuid4().hex[:4]}".upper()


def schedule_body(
    world: World, owner: str, prefix: str, name: str = "Sơ kết năm"
) -> dict[str, Any]:
    return {
        "code_prefix": prefix,
        "name": name,
        "owner_org": world.code(owner),
        "award_codes": ["GIAY_KHEN"],
        "submission_deadlines": {"unit": "P10D"},
        "cron": "0 8 1 1 *",  # once a year: never fires during the test
    }


async def schedule_exists(dev_env: WorkflowEnvironment, schedule_id: str) -> bool:
    try:
        await dev_env.client.get_schedule_handle(schedule_id).describe()
    except RPCError:
        return False
    return True


async def approve_at(
    client: httpx.AsyncClient, world: World, dossier_id: str, district: str, comment: str
) -> httpx.Response:
    """The chair of ``district`` approves the dossier once it is in their tasks."""
    chair = world.as_(district, "chair")
    await eventually(
        client, "/api/v1/tasks", chair, lambda b: dossier_id in {t["id"] for t in b["items"]}
    )
    return await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": comment},
        headers=chair,
    )
