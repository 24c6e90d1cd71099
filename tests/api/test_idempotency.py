"""api.services.idempotency on the real database: a key still in flight, a claim released
between the claim and the read of a concurrent request, and the bound on claiming again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from api.errors import Conflict
from api.services import idempotency as service
from store.db import make_read_sessionmaker, transaction
from store.repositories import idempotency


class Body(BaseModel):
    comment: str


BODY = Body(comment="Đồng ý")


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    yield make_read_sessionmaker(engine)  # as the API passes them
    await engine.dispose()


def runner(
    sessions: async_sessionmaker[AsyncSession], key: str
) -> Callable[[Callable[[], Awaitable[Body]]], Awaitable[Body]]:
    def once(action: Callable[[], Awaitable[Body]]) -> Awaitable[Body]:
        return service.run_once(
            sessions=sessions,
            key=key,
            username="chair",
            scope="decide",
            body=BODY,
            status_code=200,
            result_type=Body,
            action=action,
        )

    return once


async def test_a_key_still_in_flight_is_a_vietnamese_409_with_retry_after(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retry that arrives while the first request with its key still runs (here: from inside
    that request's action, so it cannot end first) waits its turn, then is told so in
    Vietnamese, with the key named and Retry-After."""
    monkeypatch.setattr(service, "IN_FLIGHT_WAIT", 0.3)
    once = runner(sessions, uuid.uuid4().hex)
    runs = 0

    async def first() -> Body:
        nonlocal runs
        runs += 1
        with pytest.raises(Conflict) as raised:
            await once(first)
        refusal = raised.value
        assert refusal.detail.startswith(
            "Khoá chống gửi trùng (Idempotency-Key): Yêu cầu với khóa này đang được xử lý"
        ), refusal.detail
        assert refusal.errors == [{"field": "Idempotency-Key", "message": refusal.detail}]
        assert refusal.headers == {"Retry-After": "2"}
        return BODY

    assert await once(first) == BODY
    assert await once(first) == BODY  # completed: replayed
    assert runs == 1


async def test_a_claim_released_before_it_is_read_is_claimed_again(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Request B's claim fails because request A holds the key; A fails and releases it before
    B reads the row. B claims the key itself (runs once, its answer is kept), never runs
    without a claim."""
    key = uuid.uuid4().hex
    once = runner(sessions, key)
    async with transaction(sessions) as session:  # request A's claim
        digest = service.request_hash("decide", BODY)
        assert await idempotency.claim(
            session=session, key=key, username="chair", request_hash=digest,
            lease=service.CLAIM_LEASE,
        )  # fmt: skip
    read = idempotency.get
    reads = 0

    async def released_first(**kwargs: object) -> idempotency.IdempotencyRow | None:
        nonlocal reads
        reads += 1
        if reads == 1:  # request A fails and releases its claim just now
            async with transaction(sessions) as other:
                await idempotency.release(session=other, key=key, username="chair")
        return await read(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(idempotency, "get", released_first)
    monkeypatch.setattr(service, "IN_FLIGHT_WAIT", 0.0)
    runs = 0

    async def action() -> Body:
        nonlocal runs
        runs += 1
        with pytest.raises(Conflict):  # B holds the key while it runs
            await once(action)
        return BODY

    assert await once(action) == BODY
    assert (runs, reads) == (1, 2)  # the second read is the in-flight check inside the action
    async with transaction(sessions) as session:
        row = await idempotency.get(session=session, key=key, username="chair")
    assert row is not None
    assert row.response == BODY.model_dump(mode="json")


async def test_a_key_that_keeps_vanishing_is_answered_in_progress(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claimed elsewhere and released before every read, three times over: the request is not
    run (no claim) and not looped on; it is told to retry, as while the key is in flight."""
    attempts = 0

    async def taken(**_: object) -> bool:
        nonlocal attempts
        attempts += 1
        return False

    async def vanished(**_: object) -> None:
        return None

    monkeypatch.setattr(idempotency, "claim", taken)
    monkeypatch.setattr(idempotency, "get", vanished)

    async def action() -> Body:
        raise AssertionError("run without a claim")

    with pytest.raises(Conflict) as raised:
        await runner(sessions, uuid.uuid4().hex)(action)
    assert raised.value.headers == {"Retry-After": "2"}
    assert raised.value.errors[0]["field"] == "Idempotency-Key"
    assert attempts == 3


async def test_retries_sent_while_the_first_runs_get_its_answer(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Audit A5 §8: a double-click, or a client retrying on its own timeout, sends the same
    key and body while the first request still runs: each retry waits for that answer and
    gets it (contract §2, "the same key + same body returns the first response"); the
    command runs once."""
    once = runner(sessions, uuid.uuid4().hex)
    started = asyncio.Event()
    runs = 0

    async def slow() -> Body:
        nonlocal runs
        runs += 1
        started.set()
        await asyncio.sleep(0.5)
        return Body(comment=f"lần {runs}")

    first = asyncio.ensure_future(once(slow))
    await started.wait()
    answers = await asyncio.gather(first, *(once(slow) for _ in range(4)))
    assert runs == 1
    assert answers == [Body(comment="lần 1")] * 5
