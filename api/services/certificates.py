"""An org's signing certificate as people may see it: who it names, who issued it, when it is
valid and its fingerprint; never its key. And the checks of an uploaded PKCS#12: each refusal
names the field at fault (the file, or its password), before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import anyio
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Invalid, NotFound
from api.state import AppState
from core.crypto import secrets_fernet
from core.i18n import _
from domain.calendar import local_date
from store.repositories import orgs, signing


@dataclass(frozen=True)
class CertificateFacts:
    """The public facts of a certificate (RFC 4514 names, UTC validity, SHA-256 of its DER)."""

    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    fingerprint_sha256: str


def facts_of(cert: x509.Certificate) -> CertificateFacts:
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return CertificateFacts(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint_sha256=":".join(digest[i : i + 2] for i in range(0, len(digest), 2)),
    )


def _well_formed(data: bytes) -> bool:
    """Whether ``data`` has the shape of a PKCS#12 (PFX) whatever its password."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx.native is not None  # parses it all (the encrypted parts stay opaque)
    except (ValueError, TypeError, OverflowError):
        return False


def read_pkcs12(data: bytes, password: bytes, now: datetime | None = None) -> CertificateFacts:
    """The facts of the certificate in ``data``, which must open with ``password``, hold a
    private key and its certificate, and be valid still at ``now``."""
    if not data:
        raise Invalid.field("file", _("msg.the_pkcs_file_is_missing"))
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError):
        if _well_formed(data):
            raise Invalid.field("password", _("msg.pkcs12_wrong_password")) from None
        raise Invalid.field("file", _("msg.pkcs12_damaged")) from None
    if key is None or cert is None:
        raise Invalid.field("file", _("msg.key_missing"))
    facts = facts_of(cert)
    if facts.not_after <= (now or datetime.now(UTC)):
        day = local_date(facts.not_after).strftime("%d/%m/%Y")
        raise Invalid.field("file", _("msg.certificate_expired", day=day))
    return facts


async def certificate_of(
    *, state: AppState, session: AsyncSession, principal: Principal, org_code: str
) -> dict[str, object]:
    """The org's current certificate (admin): its public facts and who set it when."""
    require_admin(principal)
    org = await orgs.get(session=session, code=org_code)
    if org is None:
        raise NotFound(_("msg.no_org_org_code", org_code=org_code))
    stored = await signing.get_certificate(session=session, org_code=org.code)
    if stored is None:
        raise NotFound(_("msg.authority_has_no_signing_certificate_yet", authority=org.name))
    uploaded = await signing.uploaded(session=session, org_code=org.code)
    await session.rollback()  # nothing held while the certificate is opened
    box = secrets_fernet(state.settings)

    def load() -> x509.Certificate | None:
        p12 = pkcs12.load_key_and_certificates(
            box.decrypt(stored.pkcs12_encrypted), box.decrypt(stored.password_encrypted)
        )
        return p12[1]

    cert = await anyio.to_thread.run_sync(load)
    if cert is None:  # refused at upload; a row written by other means
        raise NotFound(_("msg.authority_has_no_signing_certificate_yet", authority=org.name))
    facts = facts_of(cert)
    return {"org_code": org.code, **facts.__dict__, **uploaded}
