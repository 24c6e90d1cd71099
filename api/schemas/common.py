"""Shared schema pieces: the problem+json body and the error responses of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


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
