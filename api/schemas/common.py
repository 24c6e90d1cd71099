"""Shared schema pieces: the problem+json body and the error responses of the OpenAPI document."""

from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from pydantic import BaseModel, Field, model_validator


def nfc(value: Any) -> Any:
    """`value` with every plain string in it (keys too) normalised to Unicode NFC."""
    if type(value) is str:
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(nfc(v) for v in value)
    return value


class RequestModel(BaseModel):
    """Base of every request body: all text is normalised to NFC (contract: "UTF-8, NFC").

    Normalisation runs before field validation, so length limits count NFC code points. Fields
    named in `NFC_EXEMPT` (secrets compared byte for byte elsewhere) are left as sent.
    """

    NFC_EXEMPT: ClassVar[frozenset[str]] = frozenset({"password"})

    @model_validator(mode="before")
    @classmethod
    def _normalise_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v if k in cls.NFC_EXEMPT else nfc(v) for k, v in data.items()}
        return data


class FieldError(BaseModel):
    field: str = Field(examples=["nominees[0].kind"])
    message: str = Field(examples=["Field required"])


class Problem(BaseModel):
    """RFC 9457 problem details, served as `application/problem+json`."""

    type: str = Field(examples=["https://tdkt.gov.vn/problems/404"])
    title: str = Field(examples=["Không tìm thấy / Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["Không tìm thấy hồ sơ HS-2026-000123 / Dossier not found"])
    errors: list[FieldError] | None = None


_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing, invalid or expired bearer token",
    403: "Not your org or not your role",
    404: "Not found, or outside your scope",
    409: "Duplicate, wrong state or stage, or Idempotency-Key reused with another body",
    413: "Payload too large",
    415: "File type not allowed, or the bytes do not match the declared type",
    422: "Validation failed; `errors` names the fields",
    429: "Too many requests from this client address",
    503: "Temporal or the worker is unavailable",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the given error statuses, all problem+json."""
    return {
        status: {
            "model": Problem,
            "description": _DESCRIPTIONS[status],
            "content": {"application/problem+json": {}},
        }
        for status in statuses
    }


AUTH_ERRORS = errors(401, 422)
