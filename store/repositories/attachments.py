"""Attachments of a dossier and their append-only audit (`attachment_events`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Attachment, AttachmentEvent


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    dossier_id: str
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    blob_key: str
    uploaded_by: str
    uploaded_at: datetime


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(
        id=a.id,
        dossier_id=a.dossier_id,
        kind=a.kind,
        filename=a.filename,
        content_type=a.content_type,
        size=a.size,
        sha256=a.sha256,
        blob_key=a.blob_key,
        uploaded_by=a.uploaded_by,
        uploaded_at=a.uploaded_at,
    )


async def insert(*, session: AsyncSession, row: AttachmentRow) -> None:
    session.add(Attachment(**row.__dict__))


async def replace(*, session: AsyncSession, row: AttachmentRow) -> None:
    """Point the attachment at new bytes (same id and dossier)."""
    found = await session.get(Attachment, row.id)
    assert found is not None
    for name, value in row.__dict__.items():
        setattr(found, name, value)


async def get(
    *, session: AsyncSession, dossier_id: str, attachment_id: str
) -> AttachmentRow | None:
    found = await session.get(Attachment, attachment_id)
    return None if found is None or found.dossier_id != dossier_id else _row(found)


async def list_(*, session: AsyncSession, dossier_id: str) -> list[AttachmentRow]:
    rows = await session.scalars(
        select(Attachment)
        .where(Attachment.dossier_id == dossier_id)
        .order_by(Attachment.uploaded_at, Attachment.id)
    )
    return [_row(a) for a in rows]


async def kinds(*, session: AsyncSession, dossier_id: str) -> set[str]:
    found = await session.scalars(
        select(Attachment.kind).where(Attachment.dossier_id == dossier_id).distinct()
    )
    return set(found)


async def remove(*, session: AsyncSession, attachment_id: str) -> None:
    await session.execute(delete(Attachment).where(Attachment.id == attachment_id))


async def record(
    *,
    session: AsyncSession,
    dossier_id: str,
    attachment_id: str,
    action: str,
    actor: str,
    data: dict[str, Any],
) -> None:
    session.add(
        AttachmentEvent(
            dossier_id=dossier_id,
            attachment_id=attachment_id,
            action=action,
            actor=actor,
            data=data,
        )
    )


async def events(*, session: AsyncSession, dossier_id: str) -> list[dict[str, Any]]:
    found = await session.scalars(
        select(AttachmentEvent)
        .where(AttachmentEvent.dossier_id == dossier_id)
        .order_by(AttachmentEvent.id)
    )
    return [
        {
            "attachment_id": e.attachment_id,
            "action": e.action,
            "actor": e.actor,
            "at": e.at,
            **e.data,
        }
        for e in found
    ]
