"""Counters shared by every API replica: failed sign-ins and sliding-window rate limits.

PostgreSQL's clock (`now()`) is the only clock used, so replicas with skewed clocks agree.
"""

from __future__ import annotations

import math

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import LoginThrottle, RateHit

# A failure streak is forgotten after an hour without failures (unless the account is locked).
STREAK_RESET_SECONDS = 3600
# Each write also removes up to this many forgotten rows (indexed), so neither table grows
# without bound when an attacker sprays made-up usernames or addresses.
PURGE_BATCH = 50
KEEP_SECONDS = 86_400

_PURGE_THROTTLE = text(
    """
    DELETE FROM login_throttle WHERE key IN (
        SELECT key FROM login_throttle
        WHERE NOT locked AND last_failure_at < now() - make_interval(secs => :keep)
        ORDER BY last_failure_at LIMIT :batch
    )
    """
)
_PURGE_HITS = text(
    """
    DELETE FROM rate_hits WHERE id IN (
        SELECT id FROM rate_hits WHERE at < now() - make_interval(secs => :keep)
        ORDER BY at LIMIT :batch
    )
    """
)


_COUNT_FAILURE = text(
    """
    INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (:key, 1, now())
    ON CONFLICT (key) DO UPDATE SET
        failures = CASE
            WHEN NOT login_throttle.locked
                 AND login_throttle.last_failure_at < now() - make_interval(secs => :reset)
            THEN 1 ELSE login_throttle.failures + 1 END,
        last_failure_at = now()
    RETURNING failures, locked
    """
)


async def blocked(*, session: AsyncSession, keys: list[str]) -> tuple[int, bool] | None:
    """(seconds to wait, locked) of the most restrictive of `keys`, or None when free."""
    wait = func.extract("epoch", LoginThrottle.blocked_until - func.now())
    rows = (
        await session.execute(
            select(LoginThrottle.locked, wait).where(
                LoginThrottle.key.in_(keys),
                LoginThrottle.locked | (LoginThrottle.blocked_until > func.now()),
            )
        )
    ).all()
    if not rows:
        return None
    locked = any(row[0] for row in rows)
    seconds = max(math.ceil(float(row[1] or 0)) for row in rows)
    return max(1, seconds), locked


async def record_failure(
    *,
    session: AsyncSession,
    key: str,
    free: int,
    delay: float,
    max_delay: float,
    lock_after: int | None,
) -> tuple[int, bool]:
    """Count one failure of `key`; (failures in the streak, locked now)."""
    await session.execute(_PURGE_THROTTLE, {"keep": KEEP_SECONDS, "batch": PURGE_BATCH})
    row = (await session.execute(_COUNT_FAILURE, {"key": key, "reset": STREAK_RESET_SECONDS})).one()
    failures, was_locked = row
    locked = was_locked or (lock_after is not None and failures >= lock_after)
    over = failures - free
    seconds = 0.0 if over < 0 else min(max_delay, delay * 2.0 ** min(over, 40))
    await session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key)
        .values(
            locked=locked,
            blocked_until=func.now() + func.make_interval(0, 0, 0, 0, 0, 0, seconds)
            if seconds > 0
            else None,
        )
    )
    return int(failures), bool(locked)


async def clear(*, session: AsyncSession, key: str) -> bool:
    """Forget the failures of `key` (a good sign-in, or an admin unlock); True if any."""
    result = await session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
    return bool(getattr(result, "rowcount", 0))


async def hit(*, session: AsyncSession, key: str, limit: int, window: float) -> int | None:
    """Count one request of `key` unless `limit` were already counted in the last `window` s.

    None when counted; otherwise the seconds until the oldest counted request leaves the window.
    A transaction-scoped advisory lock on the key makes concurrent replicas count one by one.
    """
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
    horizon = func.now() - func.make_interval(0, 0, 0, 0, 0, 0, window)
    await session.execute(delete(RateHit).where(RateHit.key == key, RateHit.at <= horizon))
    await session.execute(_PURGE_HITS, {"keep": max(KEEP_SECONDS, window), "batch": PURGE_BATCH})
    count, oldest = (
        await session.execute(select(func.count(), func.min(RateHit.at)).where(RateHit.key == key))
    ).one()
    if count >= limit:
        wait = await session.scalar(select(func.extract("epoch", oldest - horizon)))
        return max(1, math.ceil(float(wait or 1)))
    session.add(RateHit(key=key))
    await session.flush()
    return None
