"""Organisations, users and the caller's identity (contract §3)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import RequestModel
from api.schemas.text import Secret, Text
from domain.levels import Level, OrgKind

CODE_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
# The symbol after "QĐ-" in decision numbers: letters (Vietnamese too), digits, "-", ".".
DOC_SYMBOL_PATTERN = r"^[0-9A-Za-zÀ-ỹĐđ.-]{1,32}$"


# The org levels are the domain's (contract §3); one enum, shown as `Level` in OpenAPI.
OrgLevel = Level


class OrgCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "BN-TS",
                    "name": "UBND huyện Tiên Du",
                    "level": "district",
                    "parent_code": "BN",
                },
                {
                    "code": "BN-SGD-THPTLV",
                    "name": "Trường THPT Lạc Vệ",
                    "level": "unit",
                    "parent_code": "BN-SGD",
                    "kind": "legal_entity",
                },
            ]
        },
    )
    code: Text = Field(pattern=CODE_PATTERN)
    name: Text = Field(min_length=1, max_length=300)
    level: OrgLevel
    parent_code: Text | None = Field(default=None, max_length=64)
    kind: OrgKind | None = Field(
        default=None, description="units only: internal (default), legal_entity, enterprise"
    )
    doc_symbol: Text | None = Field(
        default=None,
        pattern=DOC_SYMBOL_PATTERN,
        description="symbol in document numbers (N/QĐ-<doc_symbol>, N/TTr-<doc_symbol>); "
        "default: UBND, TTg, CTN, BNV by level, else the abbreviation of the name",
    )
    locality: Text | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="place name of the papers' date line (ND30/2020); default: the committee's "
        "locality, Hà Nội for state bodies and ministries, else the parent's",
    )


class OrgOut(BaseModel):
    code: str = Field(examples=["BN-TD"])
    name: str = Field(examples=["UBND huyện Tiên Du"])
    level: OrgLevel
    parent_code: str | None = Field(examples=["BN"])
    kind: OrgKind | None = Field(default=None, examples=["legal_entity"])
    doc_symbol: str = Field(default="", examples=["UBND"])
    locality: str = Field(default="", examples=["Tiên Du"])


class OrgList(BaseModel):
    items: list[OrgOut]


class Token(BaseModel):
    access_token: str
    token_type: str = Field(default="bearer", examples=["bearer"])


class UserRole(StrEnum):
    officer = "officer"
    chair = "chair"
    viewer = "viewer"
    admin = "admin"


class UserCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "td.chutich",
                    "password": "Matkhau#2026",
                    "full_name": "Trần Văn Bình",
                    "org_code": "BN-TD",
                    "roles": ["chair"],
                }
            ]
        },
    )
    username: Text = Field(pattern=r"^[A-Za-z0-9_.@-]{2,64}$")
    password: Secret = Field(min_length=8, max_length=200)
    full_name: Text = Field(min_length=1, max_length=200)
    org_code: Text = Field(max_length=64)
    roles: list[UserRole] = Field(min_length=1)
    email: Text | None = Field(default=None, max_length=254)


class UserOut(BaseModel):
    username: str = Field(examples=["td.chutich"])
    full_name: str = Field(examples=["Trần Văn Bình"])
    org_code: str = Field(examples=["BN-TD"])
    roles: list[UserRole]
    email: str | None = None
    active: bool = True


class Me(UserOut):
    org: OrgOut
