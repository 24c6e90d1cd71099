"""Encryption at rest of secrets kept in the database (the orgs' PKCS#12 files)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet

from core.settings import Settings


def secrets_fernet(settings: Settings) -> Fernet:
    """Fernet with `TDKT_SECRETS_KEY`, else a key derived from `TDKT_JWT_SECRET`."""
    if settings.secrets_key is not None:
        return Fernet(settings.secrets_key.get_secret_value().encode("ascii"))
    seed = b"tdkt-secrets-at-rest:" + settings.jwt_secret.get_secret_value().encode("utf-8")
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(seed).digest()))
