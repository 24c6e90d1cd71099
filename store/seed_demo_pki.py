"""Demo PKI for `make run`: a demo CA (`TDKT_DATA_DIR/pki/demo-ca.pem`) and one signing
certificate per demo org, stored like an admin's upload (Fernet-encrypted PKCS#12)."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import secrets_fernet
from core.settings import Settings
from store.models import Org
from store.pki import issue_pkcs12, load_or_create_ca
from store.repositories import signing
from store.repositories.signing import StoredCertificate
from store.seed_demo import DEMO_ORGS

STATE_ORGS = ("BNV", "TTG", "CTN")


async def seed_demo_certificates(session: AsyncSession, settings: Settings) -> None:
    """Give every demo org (and the state orgs) a certificate, keeping any already set."""
    ca_key, ca_cert = load_or_create_ca(settings.data_dir / "pki")
    box = secrets_fernet(settings)
    codes = [code for code, *_ in DEMO_ORGS] + list(STATE_ORGS)
    found = await session.execute(select(Org.code, Org.name).where(Org.code.in_(codes)))
    for code, name in found:
        if await signing.get_certificate(session=session, org_code=code) is not None:
            continue
        password = secrets.token_urlsafe(16).encode()
        p12 = issue_pkcs12(ca_key, ca_cert, code, name, password)
        stored = StoredCertificate(
            code,
            box.encrypt(p12),
            box.encrypt(password),
            f"CN={name},O={code},C=VN",
            ca_cert.not_valid_after_utc,
        )
        await signing.put_certificate(
            session=session, cert=stored, uploaded_by="seed", replace=False
        )
