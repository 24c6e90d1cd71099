"""Waiting helpers shared by the long-running workflows (dossier, round)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from temporalio import workflow


def continue_as_new_due(limit: int) -> bool:
    """True when the server suggests continue-as-new or the history passed `limit` events."""
    info = workflow.info()
    return info.is_continue_as_new_suggested() or info.get_current_history_length() > limit


async def changed_or_due(changed: Callable[[], bool], at: datetime | None) -> bool:
    """Wait until `changed()` holds or the moment `at` comes (a durable timer).

    Returns True when `at` came first, so the caller fires what was due; False on a change.
    """
    if at is None:
        await workflow.wait_condition(changed)
        return False
    delay = at - workflow.now()
    if delay > timedelta(0):
        try:
            await workflow.wait_condition(changed, timeout=delay)
            return False
        except TimeoutError:
            pass
    return True
