"""Sessions, account administration and the audit log (contract §16)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas.common import RequestModel
from api.schemas.orgs import Email, UserRole
from api.schemas.text import Secret, Text
from core.i18n import _


class UserUpdate(RequestModel):
    """Change an account (admin). Disabling it or setting a password revokes its tokens."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"active": False}, {"roles": ["officer", "viewer"]}]},
    )
    full_name: Text | None = Field(default=None, min_length=1, max_length=200)
    org_code: Text | None = Field(default=None, max_length=64)
    roles: list[UserRole] | None = Field(default=None, min_length=1)
    email: Email | None = Field(default=None, max_length=254)
    active: bool | None = None
    password: Secret | None = Field(default=None, min_length=8, max_length=200)

    @field_validator("full_name", "org_code", "roles", "active", "password", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        """Sent as ``null``: refused (leaving the field out keeps it); only ``email`` may be
        cleared with null."""
        if value is None:
            raise ValueError(_("msg.field_not_null"))
        return value


class PasswordChange(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"current_password": "Matkhau#2026", "new_password": "Matkhau#2027"}]
        },
    )
    NFC_EXEMPT = frozenset({"current_password", "new_password"})
    current_password: Secret = Field(min_length=1, max_length=200)
    new_password: Secret = Field(min_length=8, max_length=200)


class UserStatus(BaseModel):
    username: str
    active: bool
    locked: bool = Field(description="Locked by the login throttle until an admin unlocks it")


class AuditItem(BaseModel):
    at: datetime
    actor: str = Field(examples=["td.chair"])
    action: str = Field(examples=["auth.login_failed"])
    target: str = Field(examples=["td.chair"])
    ip: str = Field(examples=["203.0.113.7"])


class AuditPage(BaseModel):
    items: list[AuditItem]
    total: int
