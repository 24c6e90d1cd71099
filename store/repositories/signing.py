"""Org signing certificates (encrypted PKCS#12) and signed papers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import SignedDocument, SigningCertificate


@dataclass(frozen=True)
class StoredCertificate:
    org_code: str
    pkcs12_encrypted: bytes
    password_encrypted: bytes
    subject: str
    not_after: datetime


@dataclass(frozen=True)
class SignedRow:
    dossier_id: str
    document: str
    org_code: str
    blob_key: str
    sha256: str
    size: int
    signed_by: str
    signed_at: datetime


async def put_certificate(
    *, session: AsyncSession, cert: StoredCertificate, uploaded_by: str, replace: bool = True
) -> None:
    values = {**cert.__dict__, "uploaded_by": uploaded_by}
    stmt = insert(SigningCertificate).values(values)
    if replace:
        stmt = stmt.on_conflict_do_update(
            index_elements=[SigningCertificate.org_code],
            set_={k: v for k, v in values.items() if k != "org_code"},
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=[SigningCertificate.org_code])
    await session.execute(stmt)


async def get_certificate(*, session: AsyncSession, org_code: str) -> StoredCertificate | None:
    found = await session.get(SigningCertificate, org_code)
    if found is None:
        return None
    return StoredCertificate(
        found.org_code,
        found.pkcs12_encrypted,
        found.password_encrypted,
        found.subject,
        found.not_after,
    )


async def uploaded(*, session: AsyncSession, org_code: str) -> dict[str, object]:
    """Who set the org's certificate and when (empty when it has none)."""
    found = await session.execute(
        select(SigningCertificate.uploaded_by, SigningCertificate.uploaded_at).where(
            SigningCertificate.org_code == org_code
        )
    )
    row = found.first()
    return {} if row is None else {"uploaded_by": row.uploaded_by, "uploaded_at": row.uploaded_at}


async def add_signed(*, session: AsyncSession, row: SignedRow) -> bool:
    """Record a signed paper; False (nothing written) when that paper is already signed: a
    signed paper is never replaced."""
    stmt = (
        insert(SignedDocument)
        .values(row.__dict__)
        .on_conflict_do_nothing(index_elements=[SignedDocument.dossier_id, SignedDocument.document])
        .returning(SignedDocument.id)
    )
    return (await session.scalar(stmt)) is not None


async def get_signed(*, session: AsyncSession, dossier_id: str, document: str) -> SignedRow | None:
    found = await session.scalar(
        select(SignedDocument).where(
            SignedDocument.dossier_id == dossier_id, SignedDocument.document == document
        )
    )
    if found is None:
        return None
    return SignedRow(
        found.dossier_id,
        found.document,
        found.org_code,
        found.blob_key,
        found.sha256,
        found.size,
        found.signed_by,
        found.signed_at,
    )
