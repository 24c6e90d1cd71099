"""A sliding-window rate limit shared by every API replica (counted in PostgreSQL).

Used for the anonymous objection endpoint: `OBJECTIONS_PER_WINDOW` objections per client
address per `WINDOW_SECONDS`, whichever replica answers and across restarts. Each counted
request is committed at once, so a request that fails later still counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import TooManyRequests
from core.i18n import _
from store.repositories import throttle

OBJECTIONS_PER_WINDOW = 5
WINDOW_SECONDS = 600.0


@dataclass(frozen=True)
class RateLimiter:
    name: str = "objection"
    limit: int = OBJECTIONS_PER_WINDOW
    window: float = WINDOW_SECONDS

    async def hit(self, *, session: AsyncSession, key: str) -> None:
        """Count one request for `key` (committed); 429 when the window is already full."""
        retry = await throttle.hit(
            session=session, key=f"{self.name}:{key}"[:200], limit=self.limit, window=self.window
        )
        await session.commit()
        if retry is not None:
            minutes = int(self.window // 60)
            raise TooManyRequests(
                _(
                    "msg.more_than_limit_objections_in_minutes",
                    limit=self.limit,
                    minutes=minutes,
                    retry=retry,
                ),
                retry_after=retry,
            )
