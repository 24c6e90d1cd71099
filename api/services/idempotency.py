"""`Idempotency-Key` for the POSTs that create or decide (contract §2), kept in PostgreSQL.

Keys are per user. The same key with the same body replays the first (successful) response;
with another body → 409. A retry that arrives while the first request still runs (a
double-click, a client retrying on its own timeout) waits for its answer, up to
``IN_FLIGHT_WAIT``, and replays it; only past that is it a 409 with ``Retry-After``. A request
that fails releases its key, so a failed request changes nothing and may be retried.

A command that writes PostgreSQL itself (an attachment, a registry row) records its answer in
the transaction of its write (``KeyClaim.record``): a crash after that commit leaves the key
answered, never claimed, so a retry replays the answer rather than writing again.

A claim whose request died with its process (the API was killed mid-request) is never stuck:
after ``CLAIM_LEASE`` (longer than any request may run) a retry takes the claim over and runs
the command again. That is safe because the command itself is idempotent: its workflow update
id is derived from the same key, so Temporal applies it at most once (and creates use
update-with-start on a workflow id derived from the key, without this table at all).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.authz import Principal
from api.errors import Conflict, Invalid
from api.field_labels import named
from api.services.uploads import ReceivedForm
from api.validation_text import field_label
from core.i18n import _
from core.settings import Settings
from store.db import transaction
from store.repositories import idempotency

MAX_KEY_LENGTH = 200
# What a key may hold: printable ASCII (a header value is Latin-1 on the wire; anything else
# arrives garbled and control characters are no part of a key).
KEY_CHARACTERS = re.compile(r"[\x20-\x7e]+")
# Who holds a key sent without signing in (the public objection): the client address, hashed
# (the table keeps no address; a username cannot hold ':', so the two never meet).
ANONYMOUS = "public:"
# Longer than the slowest request (UPDATE_TIMEOUT of the Temporal gateway + the request's reads).
CLAIM_LEASE = timedelta(seconds=30)
# How long a request sent again while the first with its key still runs waits for that
# answer (a request normally answers within a second; a claim left by a killed API waits out
# its lease and is then taken over).
IN_FLIGHT_WAIT = 20.0
POLL = 0.1
T = TypeVar("T", bound=BaseModel)


class Received(BaseModel):
    """What a multipart request sent, for its hash: every form field, and the file by its name
    and the SHA-256 of its bytes (a different file is a different body)."""

    fields: dict[str, str]
    filename: str | None = None
    file_sha256: str | None = None

    @classmethod
    def of(cls, form: ReceivedForm) -> Received:
        file = form.file
        return cls(
            fields=dict(form.fields),
            filename=None if file is None else file.filename,
            file_sha256=None if file is None else file.sha256,
        )


@dataclass(frozen=True)
class KeyClaim:
    """The key a command holds while it runs (``run_once``): a command that writes PostgreSQL
    itself records its answer with ``record`` in its own transaction, before it commits."""

    key: str
    username: str
    status_code: int

    async def record(self, session: AsyncSession, result: BaseModel) -> None:
        await idempotency.complete(
            session=session,
            key=self.key,
            username=self.username,
            status_code=self.status_code,
            response=result.model_dump(mode="json"),
        )


def key_claim(key: str | None, username: str, status_code: int) -> KeyClaim | None:
    """The claim ``run_once`` holds for ``key`` while it runs the action (None without a key)."""
    return None if key is None else KeyClaim(key, username, status_code)


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
    recorded: bool = False,
) -> T:
    """Run `action` once per (user, key); replay its stored result for the same body; a
    request with the same key and body waits up to ``IN_FLIGHT_WAIT`` for the answer of the
    one still running (after that, 409 "in progress" with ``Retry-After``). ``recorded``: the
    action stored its answer in the transaction of its own write (``keyed_write``), so it is
    not stored a second time.

    The API passes autocommit sessions (``AppState.reads``): the claim, its completion and its
    release are one statement each, atomic alone, so none pays for a BEGIN and a COMMIT (in a
    transactional session each would still commit)."""
    key = checked(key)
    if key is None:
        return await action()
    digest = request_hash(scope, body)
    loop = asyncio.get_running_loop()
    until = loop.time() + IN_FLIGHT_WAIT
    while (existing := await _claim(sessions, key, username, digest)) is not None:
        if existing.request_hash != digest or existing.response is not None:
            return _replay(existing, digest, result_type)
        if loop.time() >= until:
            raise _in_progress()
        await asyncio.sleep(POLL)  # the first request answers, or fails and frees the key
    try:
        result = await action()
    except BaseException:
        async with transaction(sessions) as session:
            await idempotency.release(session=session, key=key, username=username)
        raise
    if recorded:
        return result
    payload: dict[str, Any] = result.model_dump(mode="json")
    async with transaction(sessions) as session:
        await idempotency.complete(
            session=session, key=key, username=username, status_code=status_code, response=payload
        )
    return result


async def keyed_write(
    *,
    sessions: async_sessionmaker[AsyncSession],
    key: str | None,
    username: str,
    scope: str,
    body: BaseModel,
    status_code: int,
    result_type: type[T],
    write: Callable[[KeyClaim | None], Awaitable[T]],
) -> T:
    """``run_once`` for a create that writes PostgreSQL itself: ``write`` gets the claim and
    records its answer with it in the transaction of its write (``KeyClaim.record``)."""
    claim = key_claim(key, username, status_code)
    return await run_once(
        sessions=sessions,
        key=key,
        username=username,
        scope=scope,
        body=body,
        status_code=status_code,
        result_type=result_type,
        action=lambda: write(claim),
        recorded=True,
    )


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
    """The key as sent, or 422 when it is empty, too long or holds other than printable ASCII."""
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        _refuse_key(_("msg.max_key_length_characters", max_key_length=MAX_KEY_LENGTH))
    if not KEY_CHARACTERS.fullmatch(key):
        _refuse_key(_("msg.idempotency_key_characters"))
    return key


def _refuse_key(message: str) -> NoReturn:
    raise Invalid.field(
        "Idempotency-Key",
        _("field.message", field=field_label("Idempotency-Key"), message=message),
    )


def anonymous_caller(client_address: str) -> str:
    """Who holds a key sent by someone not signed in: their client address (hashed)."""
    return ANONYMOUS + hashlib.sha256(client_address.encode()).hexdigest()[:32]


def sealed(settings: Settings, purpose: str, secret: str) -> str:
    """``secret`` (a password in a request body) as it enters a request hash: an HMAC under
    the server's secret, so the stored hash is no fast hash of the password to try guesses on."""
    key = hashlib.sha256(b"tdkt-idempotency:" + settings.jwt_secret.get_secret_value().encode())
    return hmac.new(key.digest(), f"{purpose}\n{secret}".encode(), hashlib.sha256).hexdigest()


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
