"""Throttling of sign-in attempts, per account and per client address, shared by all replicas.

The counters live in PostgreSQL (`store.repositories.throttle`), so every API replica sees the
same failures and a restart forgets nothing. Attempts on one account are serialised by a
transaction-scoped advisory lock, so parallel guesses cannot slip past the counter together.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import TooManyRequests
from core.i18n import _
from core.settings import Settings
from store.repositories import throttle
from store.repositories.audit import record_audit


def account_key(username: str) -> str:
    return f"user:{username.casefold()[:150]}"


def address_key(ip: str) -> str:
    return f"ip:{ip[:150]}"


def _refusal(seconds: int, locked: bool) -> TooManyRequests:
    if locked:
        return TooManyRequests(
            _("msg.the_account_is_locked_after_repeated"),
            retry_after=seconds,
        )
    return TooManyRequests(
        _("msg.too_many_failed_sign_ins_retry", seconds=seconds),
        retry_after=seconds,
    )


async def check(*, session: AsyncSession, settings: Settings, username: str, ip: str) -> None:
    """Wait for this account's turn; 429 (audited) while the account or address is blocked."""
    key = account_key(username)
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
    state = await throttle.blocked(session=session, keys=[key, address_key(ip)])
    if state is None:
        return
    seconds, locked = state
    if locked:
        seconds = max(seconds, int(settings.login_max_delay_seconds))
    await record_audit(session, username, "auth.login_throttled", username, ip)
    await session.commit()
    raise _refusal(seconds, locked)


async def failed(*, session: AsyncSession, settings: Settings, username: str, ip: str) -> None:
    """Count a failed attempt against the account and the address (the caller commits)."""
    _, locked_now = await throttle.record_failure(
        session=session,
        key=account_key(username),
        free=settings.login_free_failures,
        delay=settings.login_delay_seconds,
        max_delay=settings.login_max_delay_seconds,
        lock_after=settings.login_lock_after,
    )
    await throttle.record_failure(
        session=session,
        key=address_key(ip),
        free=settings.login_ip_free_failures,
        delay=settings.login_delay_seconds,
        max_delay=settings.login_max_delay_seconds,
        lock_after=None,
    )
    await record_audit(session, username, "auth.login_failed", username, ip)
    if locked_now:
        await record_audit(session, username, "auth.account_locked", username, ip)


async def succeeded(*, session: AsyncSession, username: str) -> None:
    await throttle.clear(session=session, key=account_key(username))


async def unlock(*, session: AsyncSession, username: str) -> bool:
    return await throttle.clear(session=session, key=account_key(username))
