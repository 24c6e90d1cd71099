"""A dead letter in the outbox, written straight to the database (the admin pages and the
outbox API then list it and may put it back in the queue)."""

from __future__ import annotations

import uuid

from fastapi import FastAPI

from store.models import OutboxMessage


async def dead_letter(app: FastAPI) -> int:
    async with app.state.tdkt.sessions() as session:
        row = OutboxMessage(
            event_key=f"test-dead-{uuid.uuid4().hex}",
            recipient="admin",
            kind="returned",
            subject="Hồ sơ bị trả lại",
            body="…",
            status="dead",
            attempts=8,
            last_error="SMTP 550",
        )
        session.add(row)
        await session.commit()
        return row.id
