"""Run jobs with bounded concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


async def bounded(concurrency: int, jobs: Iterable[T], fn: Callable[[T], Awaitable[None]]) -> None:
    """Run `fn(job)` for every job, `concurrency` at a time (each loop takes the next job)."""
    queue: asyncio.Queue[T] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def loop() -> None:
        while not queue.empty():
            await fn(queue.get_nowait())

    await asyncio.gather(*(loop() for _ in range(concurrency)))
