"""Attachments (contract §13) and the dossier's document checklist."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from domain.documents import DocumentKind


class AttachmentOut(BaseModel):
    id: str = Field(examples=["TL-3F9A0C1D2B4E"])
    kind: DocumentKind
    filename: str = Field(examples=["to-trinh.pdf"])
    content_type: str = Field(examples=["application/pdf"])
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


class AttachmentList(BaseModel):
    items: list[AttachmentOut]
