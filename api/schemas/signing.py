"""Digital signatures (contract §14): an org's certificate and a signed document, as shown."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class CertificateOut(BaseModel):
    """The public facts of an org's signing certificate (never its key nor its password)."""

    org_code: str
    subject: str = Field(examples=["CN=UBND huyện Tiên Du,O=BN-TD,C=VN"])
    issuer: str = Field(default="", examples=["CN=CA thử nghiệm,O=tdkt"])
    not_before: datetime | None = None
    not_after: datetime
    fingerprint_sha256: str = Field(default="", examples=["3A:7F:…"])
    uploaded_by: str | None = None
    uploaded_at: datetime | None = None


class SignedOut(BaseModel):
    document: str
    org_code: str
    subject: str
    sha256: str
    size: int
    signed_by: str
    signed_at: datetime
