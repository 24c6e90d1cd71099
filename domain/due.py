"""How near a deadline is: overdue, due soon or later (the groups of the daily digest)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class DueClass(StrEnum):
    overdue = "overdue"
    due_soon = "due_soon"
    later = "later"


def classify_due(due_at: datetime | None, now: datetime, soon_until: datetime) -> DueClass:
    """Overdue when ``due_at`` passed; due soon up to ``soon_until`` (3 working days ahead)."""
    if due_at is None:
        return DueClass.later
    if due_at < now:
        return DueClass.overdue
    return DueClass.due_soon if due_at <= soon_until else DueClass.later
