"""`Idempotency-Key` for the POSTs that create or decide (contract §2), kept in PostgreSQL.

Keys are per user. The same key with the same body replays the first (successful) response;
with another body → 409; while the first request is still running → 409 with ``Retry-After``.
A request that fails releases its key, so a failed request changes nothing and may be retried.

A claim whose request died with its process (the API was killed mid-request) is never stuck:
after ``CLAIM_LEASE`` (longer than any request may run) a retry takes the claim over and runs
the command again. That is safe because the command itself is idempotent: its workflow update
id is derived from the same key, so Temporal applies it at most once (and creates use
update-with-start on a workflow id derived from the key, without this table at all).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.authz import Principal
from api.errors import Conflict, Invalid
from api.field_labels import named
from api.validation_text import field_label
from core.i18n import _
from store.db import transaction
from store.repositories import idempotency

MAX_KEY_LENGTH = 200
# Longer than the slowest request (UPDATE_TIMEOUT of the Temporal gateway + the request's reads).
CLAIM_LEASE = timedelta(seconds=30)
T = TypeVar("T", bound=BaseModel)


def request_hash(scope: str, body: BaseModel) -> str:
    canonical = json.dumps(
        {"scope": scope, "body": body.model_dump(mode="json")}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def update_id(principal: Principal, update: str, key: str | None) -> str | None:
    """The workflow update id of a keyed command: Temporal applies it once per (user, key),
    and answers its outcome again to a retry, even after the workflow has completed."""
    if key is None:
        return None
    digest = hashlib.sha256(f"{principal.username}\n{key}".encode()).hexdigest()[:40]
    return f"{update}:{digest}"


async def run_once(
    *,
    sessions: async_sessionmaker[AsyncSession],
    key: str | None,
    username: str,
    scope: str,
    body: BaseModel,
    status_code: int,
    result_type: type[T],
    action: Callable[[], Awaitable[T]],
) -> T:
    """Run `action` once per (user, key); replay its stored result for the same body.

    The API passes autocommit sessions (``AppState.reads``): the claim, its completion and its
    release are one statement each, atomic alone, so none pays for a BEGIN and a COMMIT (in a
    transactional session each would still commit)."""
    key = checked(key)
    if key is None:
        return await action()
    digest = request_hash(scope, body)
    existing = await _claim(sessions, key, username, digest)
    if existing is not None:
        return _replay(existing, digest, result_type)
    try:
        result = await action()
    except BaseException:
        async with transaction(sessions) as session:
            await idempotency.release(session=session, key=key, username=username)
        raise
    payload: dict[str, Any] = result.model_dump(mode="json")
    async with transaction(sessions) as session:
        await idempotency.complete(
            session=session, key=key, username=username, status_code=status_code, response=payload
        )
    return result


async def _claim(
    sessions: async_sessionmaker[AsyncSession], key: str, username: str, digest: str
) -> idempotency.IdempotencyRow | None:
    """None once this request holds the key; else the row of the request that holds or held it.
    Claim and read are two statements: a claim released between them (its request failed) is
    claimed again rather than leaving this request to run without one."""
    async with transaction(sessions) as session:
        for _attempt in range(3):  # a key released twice within microseconds: say "in progress"
            if await idempotency.claim(
                session=session, key=key, username=username, request_hash=digest,
                lease=CLAIM_LEASE,
            ):  # fmt: skip
                return None
            existing = await idempotency.get(session=session, key=key, username=username)
            if existing is not None:
                return existing
    raise _in_progress()


def checked(key: str | None) -> str | None:
    """The key as sent, or 422 when it is empty or too long."""
    if key is not None and (not key.strip() or len(key) > MAX_KEY_LENGTH):
        length = _("msg.max_key_length_characters", max_key_length=MAX_KEY_LENGTH)
        raise Invalid.field(
            "Idempotency-Key",
            _("field.message", field=field_label("Idempotency-Key"), message=length),
        )
    return key


def _replay(existing: idempotency.IdempotencyRow, digest: str, result_type: type[T]) -> T:
    if existing.request_hash != digest:
        raise Conflict.field("Idempotency-Key", named(_("msg.this_idempotency_key_was_used_with")))
    if existing.response is None:
        raise _in_progress()
    return result_type.model_validate(existing.response)


class InProgress(Conflict):
    """409: the first request with this key is still running (``Retry-After``); a caller that
    can wait (the web forms) sends the same request again shortly and gets its answer."""


def _in_progress() -> InProgress:
    return InProgress.field(
        "Idempotency-Key", _("msg.a_request_with_this_key_is"), headers={"Retry-After": "2"}
    )
