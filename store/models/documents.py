"""Documents (issue 14): attachments, their audit, signing certificates, signed papers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, _now


class Attachment(Base):
    """A paper attached to a dossier; the bytes live in the blob store under `blob_key`."""

    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[str] = mapped_column(String(300))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AttachmentEvent(Base):
    """Append-only audit of attachments: every upload, replacement and deletion."""

    __tablename__ = "attachment_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    attachment_id: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = _now()
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")


class SigningCertificate(Base):
    """An org's PKCS#12 (key + certificate chain) and its password, both Fernet-encrypted."""

    __tablename__ = "signing_certificates"
    org_code: Mapped[str] = mapped_column(ForeignKey("orgs.code"), primary_key=True)
    pkcs12_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    password_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(Text)
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = _now()


class SignedDocument(Base):
    """A generated paper signed by its issuing org (PAdES); the PDF is in the blob store."""

    __tablename__ = "signed_documents"
    __table_args__ = (UniqueConstraint("dossier_id", "document"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    document: Mapped[str] = mapped_column(String(32))
    org_code: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    signed_by: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = _now()
