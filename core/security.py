"""Password hashing (argon2 through pwdlib), shared by the seed and the API."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher().verify(password, password_hash)
